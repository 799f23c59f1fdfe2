// scripts/verify-distribution.ts's core: recompute a funded round from chain data alone and check its root.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Address } from "viem";
import { verifyDistribution } from "../../../lib/distributions/distribution-verifier";
import { COUNTRY, FLAGS, declareRound, distributionFixture, investorId } from "./fixture";

const E18 = 10n ** 18n;
const WITHHOLDING = { defaultBps: 1500, rules: [{ flags: FLAGS.INSTITUTION, bps: 0 }, { country: COUNTRY.US, bps: 3000 }] };

describe("verify-distribution", () => {
  async function historyFixture() {
    const f = await loadFixture(distributionFixture);
    // A history with a second wallet, a recovery, a wallet removal and a treasury wallet before the record block.
    await f.registry.addWallet(investorId("alice"), f.aliceNew.address);
    await f.token.connect(f.alice).transfer(f.aliceNew.address, 100n * E18);
    await f.token.mint(f.issuer.address, 5_000n * E18); // the issuer's unregistered treasury: unattributed
    await f.registry.registerInvestor(investorId("treasury"), f.outsider.address, COUNTRY.FR, f.kycUntil, 0);
    await f.token.mint(f.outsider.address, 2_000n * E18);
    await f.registry.updateInvestor(investorId("dave"), COUNTRY.US, f.kycUntil, FLAGS.US_PERSON);
    await f.token.mint(f.dave.address, 50n * E18);
    const recordBlock = await ethers.provider.getBlockNumber();
    // After the record block: none of this may change the round.
    await f.token.connect(f.bob).transfer(f.dave.address, 300n * E18);
    await f.registry.updateInvestor(investorId("carol"), COUNTRY.US, f.kycUntil, 0);
    const round = await declareRound(f, {
      amount: 7_777_777n,
      recordBlock,
      withholding: WITHHOLDING,
      excludedWallets: [f.outsider.address],
    });
    const distributor = (await f.distributor.getAddress()) as Address;
    return { f, round, distributor };
  }

  it("verifies an honest round: same parameters hash, total and root as funded", async () => {
    const { f, round, distributor } = await historyFixture();
    const report = await verifyDistribution({ publicClient: f.publicClient, distributor, roundId: round.roundId, params: round.params, chunkSize: 7n });
    expect(report.problems).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    expect(report.computedRoot).to.equal(round.root);
    expect(report.result.unattributedBalance).to.equal(5_000n * E18);
    expect(report.result.excludedBalance).to.equal(2_000n * E18);
    const byId = new Map(report.result.entitlements.map((e) => [e.investorId, e]));
    expect(byId.get(investorId("alice"))!.balance).to.equal(600n * E18); // two wallets aggregated
    expect(byId.get(investorId("dave"))!.bps).to.equal(3000); // US at the record block
    expect(byId.get(investorId("carol"))!.bps).to.equal(0); // still an institution at the record block
  });

  it("reports a parameters file other than the one funded", async () => {
    const { f, round, distributor } = await historyFixture();
    const tampered = { ...round.params, withholding: { defaultBps: 1400, rules: WITHHOLDING.rules } };
    const report = await verifyDistribution({ publicClient: f.publicClient, distributor, roundId: round.roundId, params: tampered });
    expect(report.ok).to.equal(false);
    expect(report.problems.join("\n")).to.match(/parameters file hashes to/).and.to.match(/funded total/).and.to.match(/recomputed root/);
  });

  it("reports a round funded with a root or total the chain does not support", async () => {
    const { f } = await historyFixture();
    const distributor = (await f.distributor.getAddress()) as Address;
    const skewed = await declareRound(f, { amount: 1_000_000n, overrideRoot: ethers.id("someone else's tree"), overrideTotal: 999_999n });
    const report = await verifyDistribution({ publicClient: f.publicClient, distributor, roundId: skewed.roundId, params: skewed.params });
    expect(report.ok).to.equal(false);
    expect(report.problems).to.have.length(2);
  });

  it("refuses a round that was never funded", async () => {
    const { f, round, distributor } = await historyFixture();
    let message = "";
    try {
      await verifyDistribution({ publicClient: f.publicClient, distributor, roundId: 99n, params: round.params });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.match(/Round 99 was never funded/);
  });
});
