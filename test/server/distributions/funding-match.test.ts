import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { encodeFunctionData, erc20Abi, type Address, type Hex } from "viem";
import { cashTokenAbi, distributorAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { COUNTRY, DECLARE, DISTRIBUTION, E18, MY_CLAIMS, investorIdOf, startDistributionPlatform, type DistributionPlatform } from "./distribution-fixture.ts";

/** Another agent of the token: it may fund rounds of its own, not stand in for the issuer's declared one. */
const OTHER_AGENT = 9;

interface Declared {
  id: string;
  fundingTotal: string;
  merkleRoot: Hex;
  paramsHash: Hex;
  paramsUri: string;
  recordBlock: number;
  deadline: bigint;
}

describeEachDatabase("what the index says about a round: its declared funding only, and what remains without a chain call per round", (kind) => {
  let f: DistributionPlatform;
  let recordBlock: number;

  beforeAll(async () => {
    f = await startDistributionPlatform(kind);
    await f.register(investorIdOf("holder"), 1, COUNTRY.FR, 0);
    await f.register(investorIdOf("other"), 2, COUNTRY.FR, 0);
    await f.transfer(0, 1, 10n * E18);
    await f.transfer(0, 2, 30n * E18);
    await f.write(0, f.token, securityTokenAbi, "addAgent", [f.wallet(OTHER_AGENT)]);
    await f.write(0, f.cash, cashTokenAbi, "transfer", [f.wallet(OTHER_AGENT), 10n ** 12n]);
    await f.sync();
    recordBlock = await f.head();
  }, 120_000);
  afterAll(() => f?.close());

  async function declare(amount: bigint): Promise<Declared & { fundingTransactions: { to: Address; data: Hex; value: string }[] }> {
    const deadline = (await f.chainTime()) + 7n * 86400n;
    const result = await f.gql(0, DECLARE, {
      input: { token: f.token, recordBlock, cashToken: f.cash, amount: amount.toString(), deadline: deadline.toString() },
    });
    expect(result.errors).toBeUndefined();
    const { distribution, fundingTransactions } = result.data.declareDistribution;
    return { ...distribution, deadline, fundingTransactions };
  }

  /** Funds a copy of `round` from dev account `index` with `deadline`, as anyone the Distributor lets fund can. */
  async function fundCopy(index: number, round: Declared, deadline: bigint): Promise<void> {
    await f.sendRaw(index, { to: f.cash, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [f.distributor, BigInt(round.fundingTotal)] }) });
    await f.sendRaw(index, {
      to: f.distributor,
      data: encodeFunctionData({
        abi: distributorAbi,
        functionName: "fundRound",
        args: [{
          token: f.token, cashToken: f.cash, total: BigInt(round.fundingTotal), merkleRoot: round.merkleRoot, deadline,
          recordBlock: BigInt(round.recordBlock), paramsHash: round.paramsHash, paramsUri: round.paramsUri,
        }],
      }),
    });
  }

  it("ignores copies funded by another agent or with another deadline, and links the declared funding", async () => {
    const round = await declare(1_000_000n);
    const roundCount = async () => f.publicClient.readContract({ address: f.distributor, abi: distributorAbi, functionName: "roundCount" });
    const first = await roundCount();
    // Front-running copies: the other agent with a few-second deadline and with the declared one; the issuer itself
    // with another deadline. Each is a valid on-chain round with the same root, parameters hash and total.
    await fundCopy(OTHER_AGENT, round, (await f.chainTime()) + 5n);
    await fundCopy(OTHER_AGENT, round, round.deadline);
    await fundCopy(0, round, round.deadline + 1n);
    expect(await roundCount()).toBe(first + 3n);
    await f.sync();
    const unlinked = (await f.gql(null, DISTRIBUTION, { id: round.id })).data!.distribution;
    expect(unlinked).toMatchObject({ status: "DECLARED", roundId: null, remaining: null, deadline: round.deadline.toString() });
    expect((await f.gql(1, MY_CLAIMS)).data!.myClaims.edges[0].node.claimTransaction).toBeNull();

    // The other agent is not handed transactions that would fund the round under its own name.
    const FUNDING = `query($id: ID!) { distribution(id: $id) { funder fundingTransactions { to data value } } }`;
    const refused = await f.gql(OTHER_AGENT, FUNDING, { id: round.id });
    expect(refused.errors![0].extensions.code).toBe("DISTRIBUTION_NOT_FUNDER");
    expect(refused.errors![0].message).toContain(f.wallet(0));

    // The declaring wallet funds it as declared: that round, and only it, is the declared one.
    const own = (await f.gql(0, FUNDING, { id: round.id })).data!.distribution;
    for (const tx of own.fundingTransactions) await f.sendRaw(0, tx);
    await f.sync();
    const linked = (await f.gql(null, `query($id: ID!) { distribution(id: $id) { status roundId funder deadline remaining } }`, { id: round.id })).data!.distribution;
    expect(linked).toMatchObject({ status: "FUNDED", roundId: (first + 4n).toString(), deadline: round.deadline.toString() });
    expect(linked.funder.toLowerCase()).toBe(f.wallet(0).toLowerCase());
    expect(BigInt(linked.remaining)).toBe(BigInt(round.fundingTotal));
    expect((await f.gql(0, FUNDING, { id: round.id })).data!.distribution.fundingTransactions).toEqual([]);
  });

  it("answers remaining for a page of rounds from the index, with no chain call per round, equal to the chain's", async () => {
    const rounds: Declared[] = [];
    for (let i = 0; i < 12; i++) {
      const round = await declare(1_000_000n + BigInt(i) * 1_000n);
      rounds.push(round);
      if (i < 10) for (const tx of round.fundingTransactions) await f.sendRaw(0, tx); // two stay unfunded
    }
    await f.sync();
    // The holder claims in three of the funded rounds; claims change what remains.
    const claimable = (await f.gql(1, MY_CLAIMS)).data!.myClaims.edges.map((e: { node: any }) => e.node).filter((c: any) => c.claimTransaction);
    expect(claimable.length).toBeGreaterThanOrEqual(3);
    for (const claim of claimable.slice(0, 3)) await f.sendRaw(1, claim.claimTransaction);
    await f.sync();

    const LIST = `query($token: Address!) { distributions(token: $token, first: 100) { edges { node { id status roundId remaining } } } }`;
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const listed = await f.gql(null, LIST, { token: f.token });
    const requests = fetchSpy.mock.calls.flatMap(([, init]) => {
      const body = JSON.parse(String((init as RequestInit | undefined)?.body ?? "null"));
      return Array.isArray(body) ? body : body ? [body] : [];
    }) as { method: string; params?: [{ to?: string }] }[];
    fetchSpy.mockRestore();
    expect(listed.errors).toBeUndefined();
    const rows = listed.data.distributions.edges.map((e: { node: any }) => e.node);
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const distributorCalls = requests.filter((r) => r.method === "eth_call" && r.params?.[0]?.to?.toLowerCase() === f.distributor.toLowerCase());
    expect(distributorCalls).toEqual([]);
    expect(requests.length).toBeLessThan(rows.length);

    const funded = rows.filter((r: { status: string }) => r.status === "FUNDED");
    expect(funded.length).toBe(rows.length - 2);
    for (const row of funded) expect(BigInt(row.remaining)).toBe(await f.remaining(BigInt(row.roundId)));
    expect(rows.filter((r: { status: string }) => r.status === "DECLARED").map((r: { remaining: unknown }) => r.remaining)).toEqual([null, null]);
    const spent = await Promise.all(funded.map(async (r: { roundId: string; remaining: string }) => BigInt(r.remaining) < (await f.publicClient.readContract({
      address: f.distributor, abi: distributorAbi, functionName: "round", args: [BigInt(r.roundId)],
    })).total));
    expect(spent.filter(Boolean)).toHaveLength(3);
  });
});
