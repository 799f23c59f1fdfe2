import { erc20Abi, type ContractFunctionParameters, type PublicClient } from "viem";
import { describe, expect, it } from "vitest";
import { createCoalescedReads } from "../../../server/src/market/coalesced-reads.ts";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const balanceOf = (wallet: string, address = TOKEN): ContractFunctionParameters =>
  ({ address, abi: erc20Abi, functionName: "balanceOf", args: [wallet] }) as ContractFunctionParameters;
const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
/** The end of this turn of the event loop, when the calls made in it go out. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A client whose multicall answers each call with its position (or fails the calls of wallet B), keeping what it was sent. */
function fakeClient() {
  const sent: ContractFunctionParameters[][] = [];
  let release: () => void = () => {};
  const client = {
    multicall: async ({ contracts }: { contracts: ContractFunctionParameters[] }) => {
      sent.push(contracts);
      // The first multicall waits for the test: calls made meanwhile queue for the next one.
      if (sent.length === 1) await new Promise<void>((r) => (release = r));
      return contracts.map((c, i) =>
        String(c.args![0]).toLowerCase() === B.toLowerCase() ? { status: "failure", error: new Error(`refused ${i}`) } : { status: "success", result: BigInt(i) },
      );
    },
  } as unknown as PublicClient;
  return { client, sent, release: () => release() };
}

describe("market: coalesced view calls", () => {
  it("sends a view many callers ask while a multicall is on its way once, and answers each of them", async () => {
    const { client, sent, release } = fakeClient();
    const reads = createCoalescedReads(client);
    const first = reads.read<bigint>(balanceOf(A, TOKEN.toLowerCase()));
    await turn();
    // Queued while the first is out: three identical (the address's case aside), one other.
    const same = [reads.read<bigint>(balanceOf(A)), reads.read<bigint>(balanceOf(A.toLowerCase())), reads.read<bigint>(balanceOf(A))];
    const other = reads.read<bigint>({ ...balanceOf(A), functionName: "totalSupply", args: [] } as ContractFunctionParameters);
    release();
    expect(await first).toBe(0n);
    expect(await Promise.all(same)).toEqual([0n, 0n, 0n]);
    expect(await other).toBe(1n);
    expect(sent.map((calls) => calls.length)).toEqual([1, 2]);
  });

  it("rejects every caller of a view that failed, and only them", async () => {
    const { client, release } = fakeClient();
    const reads = createCoalescedReads(client);
    const first = reads.read<bigint>(balanceOf(A));
    await turn();
    const failing = [reads.read<bigint>(balanceOf(B)), reads.read<bigint>(balanceOf(B))];
    const fine = reads.read<bigint>(balanceOf(A));
    release();
    await first;
    for (const f of failing) await expect(f).rejects.toThrow("refused 0");
    expect(await fine).toBe(1n);
  });

  it("splits a long queue into multicalls of at most 128 distinct views, so a deployless call stays under the init-code limit", async () => {
    const { client, sent, release } = fakeClient();
    const reads = createCoalescedReads(client);
    const first = reads.read<bigint>(balanceOf(A));
    await turn();
    const wallets = Array.from({ length: 300 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`);
    const rest = wallets.map((w) => reads.read<bigint>(balanceOf(w)));
    release();
    await first;
    expect((await Promise.all(rest)).length).toBe(300);
    expect(sent.map((calls) => calls.length)).toEqual([1, 128, 128, 44]);
  });

  it("sends the views asked in one turn of the event loop together, the first among them", async () => {
    const { client, sent, release } = fakeClient();
    const reads = createCoalescedReads(client);
    const asked = [reads.read<bigint>(balanceOf(A)), reads.read<bigint>(balanceOf(`0x${"11".repeat(20)}`))];
    const supply = reads.read<bigint>({ ...balanceOf(A), functionName: "totalSupply", args: [] } as ContractFunctionParameters);
    await turn();
    release();
    expect(await Promise.all([...asked, supply])).toEqual([0n, 1n, 2n]);
    expect(sent.map((calls) => calls.length)).toEqual([3]);
  });
});
