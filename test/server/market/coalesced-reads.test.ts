import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createWalletClient, http, numberToHex, parseAbi, type Address, type PublicClient } from "viem";
import { createCoalescedReads } from "../../../server/src/market/coalesced-reads.ts";
import { startLocalChain, type LocalChain } from "../../../scripts/lib/local-chain.ts";
import { devAccount } from "../../support/sign-in.ts";

/** Any call answers one zero word: runtime code `PUSH1 32 PUSH1 0 RETURN`, deployed by the init code around it. */
const ONE_WORD_INIT_CODE = "0x6460206000f36000526005601bf3";
const abi = parseAbi(["function balanceOf(address wallet) view returns (uint256)"]);
const wallet = (i: number) => numberToHex(i + 1, { size: 20 }) as Address;

describe("coalesced view calls", () => {
  let chain: LocalChain;
  let client: PublicClient;
  let contract: Address;

  beforeAll(async () => {
    chain = await startLocalChain();
    client = createPublicClient({ transport: http(chain.rpcUrl), pollingInterval: 50 }) as PublicClient;
    const deployer = createWalletClient({ account: devAccount(0), transport: http(chain.rpcUrl) });
    const hash = await deployer.sendTransaction({ data: ONE_WORD_INIT_CODE, chain: null });
    contract = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
  });
  afterAll(() => chain?.stop());

  it("answers 300 distinct reads made at once, in multicalls whose answers fit the contract size limit", async () => {
    const reads = createCoalescedReads(client);
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => reads.read<bigint>({ address: contract, abi, functionName: "balanceOf", args: [wallet(i)] })));
    expect(answers).toEqual(Array(300).fill(0n));
  });

  it("sends a call asked by many callers while it waits once, and answers them all", async () => {
    const sent: number[] = [];
    const counting = { multicall: (args: { contracts: unknown[] }) => (sent.push(args.contracts.length), client.multicall(args as never)) } as unknown as PublicClient;
    const reads = createCoalescedReads(counting);
    const read = (i: number) => reads.read<bigint>({ address: contract, abi, functionName: "balanceOf", args: [wallet(i)] });
    // The first goes alone; the 50 made while it is on its way are 5 distinct calls, sent once each in the next.
    const answers = await Promise.all([read(0), ...Array.from({ length: 50 }, (_, i) => read(i % 5))]);
    expect(answers).toHaveLength(51);
    expect(sent).toEqual([1, 5]);
  });
});
