import { afterAll, beforeAll, expect, it } from "vitest";
import type { Hex } from "viem";
import { describeEachDatabase } from "../../support/databases.ts";
import { COUNTRY, DECLARE, DISTRIBUTION, E18, MY_CLAIMS, investorIdOf, startDistributionPlatform, type DistributionPlatform } from "../distributions/distribution-fixture.ts";
import { area, differences, figures, kinds, reconcilePlatform, whileChanged } from "./reconcile-fixture.ts";

const A = investorIdOf("reconcile-a"); // wallet #1, claims
const B = investorIdOf("reconcile-b"); // wallet #2, does not claim

describeEachDatabase("reconciliation: distribution claims", (kind) => {
  let f: DistributionPlatform;
  let distributionId: string;
  let roundId: string;
  const db = () => f.platform.db;

  beforeAll(async () => {
    f = await startDistributionPlatform(kind);
    await f.register(A, 1, COUNTRY.FR, 0);
    await f.register(B, 2, COUNTRY.FR, 0);
    await f.transfer(0, 1, 300n * E18);
    await f.transfer(0, 2, 100n * E18);
    await f.sync();
    const declared = await f.gql(0, DECLARE, {
      input: { token: f.token, recordBlock: await f.head(), cashToken: f.cash, amount: "1000000000", deadline: ((await f.chainTime()) + 7n * 86400n).toString(), excludedWallets: [f.wallet(0)] },
    });
    if (declared.errors) throw new Error(JSON.stringify(declared.errors));
    distributionId = declared.data.declareDistribution.distribution.id;
    for (const tx of declared.data.declareDistribution.fundingTransactions) await f.sendRaw(0, tx);
    await f.sync();
    roundId = (await f.gql(null, DISTRIBUTION, { id: distributionId })).data!.distribution.roundId;
    const claim = (await f.gql(1, MY_CLAIMS)).data.myClaims.edges[0].node;
    await f.sendRaw(1, claim.claimTransaction);
    await f.sync();
  }, 240_000);
  afterAll(() => f?.close());

  it("finds the round reconciled: the funding, every leaf's claimed bit, the claim and what the round holds", async () => {
    const summary = await reconcilePlatform(f.platform, ["distributions"]);
    expect(differences(summary)).toEqual([]);
    // 2 events (funded, claimed), 1 round, 2 leaves
    expect(area(summary, "distribution claims").checked).toBe(5);
    console.log(`[${kind.name}] distributions: ${figures(summary)}`);
  });

  it("names a claim deleted from the index: the event, the claimed bit and what the round holds", async () => {
    const { rows: [claimed] } = await db().query<Record<string, unknown>>("select * from contract_events where event = 'Claimed'");
    const summary = await whileChanged(
      () => db().query("delete from contract_events where tx_hash = $1 and log_index = $2", [claimed!.tx_hash, claimed!.log_index]),
      () => db().query("insert into contract_events (tx_hash, log_index, block_number, contract, event, args) values ($1, $2, $3, $4, $5, $6)",
        [claimed!.tx_hash, claimed!.log_index, claimed!.block_number, claimed!.contract, claimed!.event, JSON.stringify(claimed!.args)]),
      () => reconcilePlatform(f.platform, ["distributions"]),
    );
    expect(kinds(summary)).toEqual(["claim.bitmap", "distributor-event.not-indexed", "round.remaining"]);
    expect(differences(summary)).toContain(`claim.bitmap round ${roundId} (${distributionId}) leaf 0`);
  });

  it("names database rows edited: an entitlement's amount and a round's funded total", async () => {
    const entitlement = await whileChanged(
      () => db().query("update distribution_entitlements set net = net + 1 where distribution_id = $1 and investor_id = $2", [distributionId, A.toLowerCase() as Hex]),
      () => db().query("update distribution_entitlements set net = net - 1 where distribution_id = $1 and investor_id = $2", [distributionId, A.toLowerCase() as Hex]),
      () => reconcilePlatform(f.platform, ["distributions"]),
    );
    expect(kinds(entitlement)).toEqual(["claim.entitlement"]);

    const total = await whileChanged(
      () => db().query("update distributions set funding_total = funding_total + 7 where id = $1", [distributionId]),
      () => db().query("update distributions set funding_total = funding_total - 7 where id = $1", [distributionId]),
      () => reconcilePlatform(f.platform, ["distributions"]),
    );
    expect(differences(total)).toEqual([`round.funding round ${roundId} (${distributionId})`]);
    expect(area(total, "distribution claims").differences[0]!.detail).toMatch(/total: declared \d+, funded \d+/);
    expect((await reconcilePlatform(f.platform, ["distributions"])).ok).toBe(true);
  });
});
