import { execFile } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAddress, type Address, type Hex } from "viem";
import { identityRegistryAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import { parseDistributionParams } from "../../../lib/distributions/distribution-params.ts";
import { verifyDistribution } from "../../../lib/distributions/distribution-verifier.ts";
import { AgentPermission } from "../../../scripts/lib/security-token.ts";
import { SERVER_AGENT_INDEX } from "../../support/platform.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import {
  AUDITOR, COUNTRY, DECLARE, DISTRIBUTION, E18, FLAG, MY_CLAIMS, investorIdOf, startDistributionPlatform, type DistributionPlatform,
} from "./distribution-fixture.ts";

const A = investorIdOf("a"); // FR, wallets #1 and #6
const B = investorIdOf("b"); // US person, wallet #2 lost and recovered to #7
const C = investorIdOf("c"); // DE institution, wallet #3
const D = investorIdOf("d"); // FR, wallet #4: buys only after the record block
const E = investorIdOf("e"); // FR, wallet #5: excluded by the issuer
const AMOUNT = 1_000_000_007n; // cash-token units (6 decimals): chosen so every share rounds
const US_BPS = 3000n;
const INSTITUTION_BPS = 1525n;

/** Each share computed here from first principles, not with lib/distributions/entitlements.ts. */
function expectedShare(balance: bigint, eligible: bigint, bps: bigint) {
  const gross = (AMOUNT * balance) / eligible;
  const net = (gross * (10_000n - bps)) / 10_000n;
  return { gross, net, withheld: gross - net };
}

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");

describeEachDatabase("income distributions: declare, fund, claim, verify, reclaim, push", (kind) => {
  let f: DistributionPlatform;
  let recordBlock: number;
  let distributionId: string;
  let roundId: bigint;
  const expected = new Map<Hex, { gross: bigint; net: bigint; withheld: bigint }>();
  const claimTx = new Map<Hex, Hex>();

  beforeAll(async () => {
    f = await startDistributionPlatform(kind);
    await f.register(A, 1, COUNTRY.FR, 0);
    await f.addWallet(A, 6);
    await f.register(B, 2, COUNTRY.US, FLAG.US_PERSON);
    await f.register(C, 3, COUNTRY.DE, FLAG.INSTITUTION);
    await f.register(D, 4, COUNTRY.FR, 0);
    await f.register(E, 5, COUNTRY.FR, 0);
    for (const [to, amount] of [[1, 300n], [6, 100n], [2, 200n], [3, 100n], [5, 250n]] as const) await f.transfer(0, to, amount * E18);
    recordBlock = await f.head();
    // After the record block: A sells to D, and B loses wallet #2, recovered to #7 (registry link + token recovery).
    await f.transfer(1, 4, 100n * E18);
    await f.addWallet(B, 7);
    await f.write(0, f.token, securityTokenAbi, "recoveryAddress", [f.wallet(2), f.wallet(7), "0x0000000000000000000000000000000000000000"]);
    await f.write(0, f.registry, identityRegistryAbi, "removeWallet", [f.wallet(2)]);
    await f.sync();
    // Eligible at the record block: A 300 + 100 (two wallets), B 200, C 100; the treasury (#0) and E (#5) are out.
    const eligible = 700n * E18;
    expected.set(A, expectedShare(400n * E18, eligible, 0n));
    expected.set(B, expectedShare(200n * E18, eligible, US_BPS));
    expected.set(C, expectedShare(100n * E18, eligible, INSTITUTION_BPS));
  }, 120_000);
  afterAll(() => f?.close());

  it("declares a round at the record block from the indexed history and hands the issuer the funding transactions", async () => {
    const deadline = (await f.chainTime()) + 7n * 86400n;
    const result = await f.gql(0, DECLARE, {
      input: {
        token: f.token, recordBlock, cashToken: f.cash, amount: AMOUNT.toString(), deadline: deadline.toString(),
        withholding: { defaultBps: 0, rules: [{ country: "US", bps: Number(US_BPS) }, { categories: ["INSTITUTION"], bps: Number(INSTITUTION_BPS) }] },
        excludedWallets: [f.wallet(5)],
      },
    });
    expect(result.errors).toBeUndefined();
    const { distribution, fundingTransactions } = result.data.declareDistribution;
    distributionId = distribution.id;
    expect(distribution.status).toBe("DECLARED");
    expect(distribution.recordBlock).toBe(recordBlock);
    expect(distribution.investorCount).toBe(3);
    const sum = (key: "gross" | "net" | "withheld") => [...expected.values()].reduce((s, e) => s + e[key], 0n);
    expect(BigInt(distribution.grossTotal)).toBe(sum("gross"));
    expect(BigInt(distribution.withheldTotal)).toBe(sum("withheld"));
    expect(BigInt(distribution.netTotal)).toBe(sum("net"));
    // The issuer keeps the withheld tax: it funds the amount less the tax, of which the claims take no more than all.
    expect(BigInt(distribution.fundingTotal)).toBe(AMOUNT - sum("withheld"));
    expect(BigInt(distribution.netTotal)).toBeLessThanOrEqual(BigInt(distribution.fundingTotal));
    expect(BigInt(distribution.dust)).toBe(BigInt(distribution.fundingTotal) - sum("net"));
    expect(fundingTransactions.map((t: { to: string }) => getAddress(t.to))).toEqual([getAddress(f.cash), getAddress(f.distributor)]);

    // The issuer signs and sends them with its own wallet; the round is funded once the indexer has seen it.
    const before = await f.cashOf(f.wallet(0));
    for (const tx of fundingTransactions) await f.sendRaw(0, tx);
    expect(before - (await f.cashOf(f.wallet(0)))).toBe(BigInt(distribution.fundingTotal));
    expect((await f.gql(null, DISTRIBUTION, { id: distributionId })).data!.distribution.status).toBe("DECLARED");
    await f.sync();
    const funded = (await f.gql(null, DISTRIBUTION, { id: distributionId })).data!.distribution;
    expect(funded.status).toBe("FUNDED");
    roundId = BigInt(funded.roundId);
    expect(roundId).toBeGreaterThan(0n);
    expect(funded.claimOpen).toBe(true);
    expect(BigInt(funded.remaining)).toBe(BigInt(distribution.fundingTotal));
    expect(await f.cashOf(f.distributor)).toBe(BigInt(distribution.fundingTotal));
  });

  it("lets investors claim with the proof from myClaims, paid to a recovered wallet too, and gives buyers after the record block nothing", async () => {
    for (const [index, id] of [[1, A], [7, B]] as const) {
      const mine = await f.gql(index, MY_CLAIMS);
      expect(mine.errors).toBeUndefined();
      const claims = mine.data.myClaims.edges.map((e: { node: any }) => e.node);
      expect(claims).toHaveLength(1);
      expect(claims[0].investorId).toBe(id);
      expect(BigInt(claims[0].net)).toBe(expected.get(id)!.net);
      expect(claims[0].claimed).toBe(false);
      const before = await f.cashOf(f.wallet(index));
      const receipt = await f.sendRaw(index, claims[0].claimTransaction);
      claimTx.set(id, receipt.transactionHash);
      expect((await f.cashOf(f.wallet(index))) - before).toBe(expected.get(id)!.net);
    }
    // A claim cannot be paid twice.
    const again = (await f.gql(1, MY_CLAIMS)).data!.myClaims.edges[0].node;
    await expect(f.sendRaw(1, again.claimTransaction)).rejects.toThrow();

    // D bought after the record block, E was excluded, the issuer's treasury investor is left out: no entitlement.
    for (const index of [4, 5, 0]) expect((await f.gql(index, MY_CLAIMS)).data!.myClaims.edges).toEqual([]);
    // The lost wallet is no longer verified; a wallet that is no investor's is refused the same way.
    for (const index of [2, 8]) expect((await f.gql(index, MY_CLAIMS)).errors![0].extensions.code).toBe("INVESTOR_NOT_VERIFIED");

    await f.sync();
    const a = (await f.gql(6, MY_CLAIMS)).data!.myClaims.edges[0].node; // A's other wallet sees the same claim
    expect(a).toMatchObject({ claimed: true, claimTxHash: claimTx.get(A), claimWallet: f.wallet(1), claimTransaction: null });
    const d = (await f.gql(null, DISTRIBUTION, { id: distributionId })).data!.distribution;
    expect(d.claimedCount).toBe(2);
    expect(BigInt(d.claimedTotal)).toBe(expected.get(A)!.net + expected.get(B)!.net);
  });

  it("recomputes the funded round from chain data alone (verify script) and gets the same root and total", async () => {
    const d = (await f.gql(null, DISTRIBUTION, { id: distributionId })).data!.distribution;
    // The parameters file is published at the paramsUri path the funding transaction committed to.
    const server = f.platform.app.app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    const published = await (await fetch(`http://127.0.0.1:${port}/distributions/${distributionId}/params.json`)).text();
    server.close();
    expect(published).toBe(d.paramsJson);
    const report = await verifyDistribution({
      publicClient: f.publicClient as never, distributor: f.distributor, roundId, params: parseDistributionParams(published),
      fromBlock: BigInt(f.deploymentBlock),
    });
    expect(report.problems).toEqual([]);
    expect(report.computedRoot).toBe(d.merkleRoot);
    expect(report.round.total).toBe(BigInt(d.fundingTotal));

    // The command a holder runs, against the chain's JSON-RPC endpoint: the published file verifies; a file that
    // claims a different withholding rate does not (its hash no longer matches what the funding committed to).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-verify-"));
    const honest = path.join(dir, "params.json");
    fs.writeFileSync(honest, published);
    const forged = path.join(dir, "forged.json");
    const forgedParams = JSON.parse(published);
    forgedParams.withholding = { ...(forgedParams.withholding ?? {}), defaultBps: (forgedParams.withholding?.defaultBps ?? 0) + 100 };
    fs.writeFileSync(forged, JSON.stringify(forgedParams));
    const verify = (file: string) =>
      run(process.execPath, ["--import", "tsx", "scripts/verify-distribution.ts", "--round", String(roundId), "--params", file,
        "--rpc", f.platform.chain.rpcUrl, "--distributor", f.distributor, "--from-block", String(f.deploymentBlock)],
      { cwd: ROOT }).then((r) => ({ code: 0, stdout: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    const ok = await verify(honest);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("VERIFIED");
    expect(ok.stdout).toContain(d.merkleRoot);
    const bad = await verify(forged);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("MISMATCH");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports per-investor rows and CSV to the issuer and auditors only, without personal data", async () => {
    const query = `query($id: ID!) { distribution(id: $id) { reportCsv entitlements { edges { node { investorId net claimed claimTxHash } } } } }`;
    for (const index of [1, 14]) expect((await f.gql(index, query, { id: distributionId })).errors![0].extensions.code).toBe("FORBIDDEN");
    expect((await f.gql(null, query, { id: distributionId })).errors![0].extensions.code).toBe("UNAUTHENTICATED");
    const auditor = await f.gql(AUDITOR, query, { id: distributionId });
    const issuer = await f.gql(0, query, { id: distributionId });
    expect(issuer.errors).toBeUndefined();
    expect(auditor.data).toEqual(issuer.data);
    const csv: string = issuer.data.distribution.reportCsv;
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("investor_id,record_balance,withholding_bps,gross,withheld,net,leaf_index,claimed,claim_tx");
    expect(lines).toHaveLength(4);
    for (const id of [A, B, C]) {
      const row = lines.find((l) => l.startsWith(id))!.split(",");
      const e = expected.get(id)!;
      expect(row.slice(3, 6).map(BigInt)).toEqual([e.gross, e.withheld, e.net]);
      expect(row[7]).toBe(id === C ? "false" : "true");
      expect(row[8]).toBe(claimTx.get(id) ?? "");
    }
    for (let i = 0; i < 20; i++) expect(csv.toLowerCase()).not.toContain(devAccount(i).address.toLowerCase().slice(2));
  });

  it("closes claims at the deadline and lets the issuer reclaim the rest: the distributor keeps none of the round's cash", async () => {
    await f.increaseTime(8 * 86400);
    await f.sync();
    const c = (await f.gql(3, MY_CLAIMS)).data!.myClaims.edges[0].node;
    expect(c.claimed).toBe(false);
    expect(c.claimTransaction).toBeNull(); // closed: nothing to send
    const reclaim = await f.gql(0, `query($id: ID!) { distribution(id: $id) { claimOpen reclaimTransaction { to data value } } }`, { id: distributionId });
    expect(reclaim.data.distribution.claimOpen).toBe(false);
    const before = await f.cashOf(f.wallet(0));
    await f.sendRaw(0, reclaim.data.distribution.reclaimTransaction);
    await f.sync();
    const d = (await f.gql(null, DISTRIBUTION, { id: distributionId })).data!.distribution;
    const unclaimed = BigInt(d.fundingTotal) - BigInt(d.claimedTotal);
    expect(unclaimed).toBe(expected.get(C)!.net + BigInt(d.dust));
    expect(BigInt(d.reclaimed.amount)).toBe(unclaimed);
    expect((await f.cashOf(f.wallet(0))) - before).toBe(unclaimed);
    expect(BigInt(d.remaining)).toBe(0n);
    expect(await f.cashOf(f.distributor)).toBe(0n);
  });

  it("declares by record time, pushes every claim through the outbox, and records the ones the contract skipped", async () => {
    // A gap of two minutes after block `target`: a time inside it resolves to `target`.
    const target = await f.head();
    const targetTime = (await f.publicClient.getBlock({ blockNumber: BigInt(target) })).timestamp;
    await f.increaseTime(120);
    await f.sync();
    const declared = await f.gql(0, DECLARE, {
      input: { token: f.token, recordTime: (targetTime + 60n).toString(), cashToken: f.cash, amount: "5000000", deadline: ((await f.chainTime()) + 86400n).toString() },
    });
    expect(declared.errors).toBeUndefined();
    const { distribution, fundingTransactions } = declared.data.declareDistribution;
    expect(distribution.recordBlock).toBe(target);
    expect(distribution.investorCount).toBe(5); // A, B, C, D and E (not excluded this time)

    const PUSH = `mutation($id: ID!) { pushDistribution(id: $id, first: 100) { requested withoutWallet batches { outboxEntryId leafIndexes } } }`;
    expect((await f.gql(0, PUSH, { id: distribution.id })).errors![0].extensions.code).toBe("DISTRIBUTION_NOT_FUNDED");
    for (const tx of fundingTransactions) await f.sendRaw(0, tx);
    await f.sync();
    expect((await f.gql(0, PUSH, { id: distribution.id })).errors![0].extensions.code).toBe("DISTRIBUTION_PUSH_NOT_PERMITTED");
    expect((await f.gql(1, PUSH, { id: distribution.id })).errors![0].extensions.code).toBe("FORBIDDEN");
    // An agent with other powers only (documents) may not push: the Distributor would refuse it.
    await f.write(0, f.token, securityTokenAbi, "setAgentPermissions", [devAccount(SERVER_AGENT_INDEX).address, AgentPermission.DOCUMENTS]);
    const documentsOnly = await f.gql(0, PUSH, { id: distribution.id });
    expect(documentsOnly.errors![0].extensions.code).toBe("DISTRIBUTION_PUSH_NOT_PERMITTED");
    expect(documentsOnly.errors![0].message).toContain("DISTRIBUTION");
    expect(await f.count("distribution_pushes")).toBe(0);
    // The issuer gives the server's key the least permission that pushes (DISTRIBUTION alone); D's KYC is suspended.
    await f.write(0, f.token, securityTokenAbi, "setAgentPermissions", [devAccount(SERVER_AGENT_INDEX).address, AgentPermission.DISTRIBUTION]);
    await f.write(0, f.registry, identityRegistryAbi, "setInvestorStatus", [D, 3]);

    const entitlements = (await f.gql(0, `query($id: ID!) { distribution(id: $id) { roundId entitlements { edges { node { investorId net } } } } }`, { id: distribution.id })).data!.distribution;
    const net = new Map<string, bigint>(entitlements.entitlements.edges.map((e: { node: { investorId: string; net: string } }) => [e.node.investorId, BigInt(e.node.net)]));
    const payees: [Hex, Address][] = [[A, f.wallet(1)], [B, f.wallet(7)], [C, f.wallet(3)], [E, f.wallet(5)]];
    const before = new Map(await Promise.all(payees.map(async ([, w]) => [w, await f.cashOf(w)] as const)));

    const pushed = await f.gql(0, PUSH, { id: distribution.id });
    expect(pushed.errors).toBeUndefined();
    expect(pushed.data.pushDistribution.requested).toBe(5);
    for (const batch of pushed.data.pushDistribution.batches) {
      const entry = await f.platform.app.services.outbox.waitForOutboxEntry(Number(batch.outboxEntryId), { timeoutMs: 30_000 });
      expect(entry.status).toBe("confirmed");
    }
    // Pushed leaves are in flight or paid: a second push right away sends nothing new.
    expect((await f.gql(0, PUSH, { id: distribution.id })).data!.pushDistribution.requested).toBe(0);
    await f.sync();
    for (const [id, wallet] of payees) expect((await f.cashOf(wallet)) - before.get(wallet)!).toBe(net.get(id));
    const after = (await f.gql(0, `query($id: ID!) { distribution(id: $id) { claimedCount claimedTotal remaining dust skippedClaims { investorId reason } } }`, { id: distribution.id })).data!.distribution;
    expect(after.claimedCount).toBe(4);
    expect(after.skippedClaims).toEqual([{ investorId: D, reason: "NO_VERIFIED_WALLET" }]);
    // What is left is exactly D's entitlement and the dust: nothing lost, nothing paid twice.
    expect(BigInt(after.remaining)).toBe(net.get(D)! + BigInt(after.dust));
  });
});

describe("distribution fixtures", () => {
  it("names distinct investors", () => expect(new Set([A, B, C, D, E]).size).toBe(5));
});
