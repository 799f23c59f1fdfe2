import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { COUNTRY, DAY, FLAGS, STATUS, declareRound, distributionFixture, investorId } from "./fixture";

const E18 = 10n ** 18n;

describe("Distributor claims", () => {
  it("pays each holder of record its share to its verified wallet, once", async () => {
    const f = await loadFixture(distributionFixture);
    const round = await declareRound(f, { amount: 1_000_000n });
    const alice = round.claimOf("alice");
    expect(alice.amount).to.equal(600_000n);

    await expect(f.distributor.connect(f.alice).claim(round.roundId, alice.index, alice.investorId, alice.amount, alice.proof))
      .to.emit(f.distributor, "Claimed")
      .withArgs(round.roundId, alice.index, alice.investorId, f.alice.address, alice.amount);
    expect(await f.cash.balanceOf(f.alice.address)).to.equal(600_000n);
    expect(await f.distributor.isClaimed(round.roundId, alice.index)).to.equal(true);
    expect((await f.distributor.round(round.roundId)).remaining).to.equal(400_000n);
  });

  it("refuses a second claim of the same entitlement and pays nothing more", async () => {
    const f = await loadFixture(distributionFixture);
    const round = await declareRound(f, { amount: 1_000_000n });
    const bob = round.claimOf("bob");
    await f.distributor.connect(f.bob).claim(round.roundId, bob.index, bob.investorId, bob.amount, bob.proof);
    const before = await f.cash.balanceOf(f.bob.address);

    await expect(f.distributor.connect(f.bob).claim(round.roundId, bob.index, bob.investorId, bob.amount, bob.proof))
      .to.be.revertedWithCustomError(f.distributor, "DistributorAlreadyClaimed")
      .withArgs(round.roundId, bob.index);
    expect(await f.cash.balanceOf(f.bob.address)).to.equal(before);
    expect((await f.distributor.round(round.roundId)).remaining).to.equal(700_000n);
  });

  it("gives nothing to a buyer after the record block and still pays a seller after it (D1)", async () => {
    const f = await loadFixture(distributionFixture);
    const recordBlock = await ethers.provider.getBlockNumber();
    // After the record block: alice sells everything to dave, who held nothing at the record block.
    await f.token.connect(f.alice).transfer(f.dave.address, 600n * E18);
    const round = await declareRound(f, { amount: 1_000_000n, recordBlock });

    expect(round.claims.find((c) => c.investorId === investorId("dave"))).to.equal(undefined);
    const alice = round.claimOf("alice");
    await expect(f.distributor.connect(f.dave).claim(round.roundId, alice.index, investorId("dave"), alice.amount, alice.proof))
      .to.be.revertedWithCustomError(f.distributor, "DistributorInvalidProof");
    await f.distributor.connect(f.alice).claim(round.roundId, alice.index, alice.investorId, alice.amount, alice.proof);
    expect(await f.cash.balanceOf(f.alice.address)).to.equal(600_000n);
    expect(await f.cash.balanceOf(f.dave.address)).to.equal(0n);
  });

  it("counts a transfer mined in the record block itself (balances at the end of the block) (D1)", async () => {
    const f = await loadFixture(distributionFixture);
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      await f.token.connect(f.carol).transfer(f.dave.address, 100n * E18);
      await f.token.connect(f.bob).transfer(f.dave.address, 100n * E18);
      await mine(1);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const recordBlock = await ethers.provider.getBlockNumber();
    await f.token.connect(f.dave.connect(ethers.provider)).transfer(f.alice.address, 200n * E18); // after: ignored
    const round = await declareRound(f, { amount: 1_000_000n, recordBlock });
    expect(round.claimOf("dave").amount).to.equal(200_000n);
    expect(round.claimOf("bob").amount).to.equal(200_000n);
    expect(round.claims.find((c) => c.investorId === investorId("carol"))).to.equal(undefined);
  });

  it("lets only one of two claims of the same entitlement in one block succeed (D1)", async () => {
    const f = await loadFixture(distributionFixture);
    const round = await declareRound(f, { amount: 1_000_000n });
    const c = round.claimOf("carol");
    await ethers.provider.send("evm_setAutomine", [false]);
    let first, second;
    try {
      first = await f.distributor.connect(f.carol).claim(round.roundId, c.index, c.investorId, c.amount, c.proof, { gasLimit: 300_000 });
      second = await f.distributor.connect(f.carol).claim(round.roundId, c.index, c.investorId, c.amount, c.proof, { gasLimit: 300_000 });
      await mine(1);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const receipts = await Promise.all([first, second].map((tx) => ethers.provider.getTransactionReceipt(tx.hash)));
    expect(receipts[0]!.blockNumber).to.equal(receipts[1]!.blockNumber);
    expect(receipts.map((r) => r!.status)).to.deep.equal([1, 0]);
    expect(await f.cash.balanceOf(f.carol.address)).to.equal(c.amount);
  });

  it("pays a recovered wallet: the entitlement follows the investor, not the lost wallet", async () => {
    const f = await loadFixture(distributionFixture);
    const round = await declareRound(f, { amount: 1_000_000n });
    // Between the record block and the claim, alice loses her wallet; the agent links a new one and recovers.
    await f.registry.addWallet(investorId("alice"), f.aliceNew.address);
    await f.registry.removeWallet(f.alice.address);
    await f.token.recover(f.alice.address, f.aliceNew.address);

    const a = round.claimOf("alice");
    await expect(f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, a.proof))
      .to.be.revertedWithCustomError(f.distributor, "DistributorNotInvestorWallet")
      .withArgs(f.alice.address, a.investorId);
    await f.distributor.connect(f.aliceNew).claim(round.roundId, a.index, a.investorId, a.amount, a.proof);
    expect(await f.cash.balanceOf(f.aliceNew.address)).to.equal(600_000n);
    expect(await f.cash.balanceOf(f.alice.address)).to.equal(0n);
  });

  describe("bad claims get a clear error and change nothing", () => {
    async function roundWithSnapshot() {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n });
      const snapshot = async () => ({
        distributorCash: await f.cash.balanceOf(await f.distributor.getAddress()),
        remaining: (await f.distributor.round(round.roundId)).remaining,
        claimed: await Promise.all(round.claims.map((c) => f.distributor.isClaimed(round.roundId, c.index))),
      });
      return { f, round, before: await snapshot(), snapshot };
    }

    it("a wrong proof", async () => {
      const { f, round, before, snapshot } = await roundWithSnapshot();
      const a = round.claimOf("alice");
      const b = round.claimOf("bob");
      await expect(f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, b.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorInvalidProof")
        .withArgs(round.roundId, a.index);
      expect(await snapshot()).to.deep.equal(before);
    });

    it("a wrong amount (one unit more)", async () => {
      const { f, round, before, snapshot } = await roundWithSnapshot();
      const a = round.claimOf("alice");
      await expect(f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount + 1n, a.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorInvalidProof");
      expect(await snapshot()).to.deep.equal(before);
    });

    it("a wrong index", async () => {
      const { f, round, before, snapshot } = await roundWithSnapshot();
      const a = round.claimOf("alice");
      await expect(f.distributor.connect(f.alice).claim(round.roundId, a.index + 1, a.investorId, a.amount, a.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorInvalidProof");
      expect(await snapshot()).to.deep.equal(before);
    });

    it("another investor's entitlement, from a wallet that is not theirs", async () => {
      const { f, round, before, snapshot } = await roundWithSnapshot();
      const a = round.claimOf("alice");
      await expect(f.distributor.connect(f.bob).claim(round.roundId, a.index, a.investorId, a.amount, a.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorNotInvestorWallet")
        .withArgs(f.bob.address, a.investorId);
      await expect(f.distributor.connect(f.outsider).claim(round.roundId, a.index, a.investorId, a.amount, a.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorNotInvestorWallet");
      await expect(f.distributor.connect(f.outsider).claim(round.roundId, a.index, ethers.ZeroHash, a.amount, a.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorNotInvestorWallet");
      expect(await snapshot()).to.deep.equal(before);
    });

    it("a wallet whose investor is suspended or whose KYC has expired, until it is verified again", async () => {
      const { f, round, before, snapshot } = await roundWithSnapshot();
      const b = round.claimOf("bob");
      await f.registry.setInvestorStatus(investorId("bob"), STATUS.SUSPENDED);
      await expect(f.distributor.connect(f.bob).claim(round.roundId, b.index, b.investorId, b.amount, b.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorWalletNotVerified")
        .withArgs(f.bob.address);
      await f.registry.setInvestorStatus(investorId("bob"), STATUS.LIQUIDATE_ONLY);
      await expect(f.distributor.connect(f.bob).claim(round.roundId, b.index, b.investorId, b.amount, b.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorWalletNotVerified");
      await f.registry.setInvestorStatus(investorId("bob"), STATUS.ACTIVE);
      await f.registry.updateInvestor(investorId("bob"), COUNTRY.US, (await time.latest()) + 60, FLAGS.US_PERSON);
      await time.increase(120);
      await expect(f.distributor.connect(f.bob).claim(round.roundId, b.index, b.investorId, b.amount, b.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorWalletNotVerified");
      expect(await snapshot()).to.deep.equal(before);

      await f.registry.updateInvestor(investorId("bob"), COUNTRY.US, f.kycUntil, FLAGS.US_PERSON);
      await f.distributor.connect(f.bob).claim(round.roundId, b.index, b.investorId, b.amount, b.proof);
      expect(await f.cash.balanceOf(f.bob.address)).to.equal(b.amount);
    });

    it("an unknown round", async () => {
      const { f, round, before, snapshot } = await roundWithSnapshot();
      const a = round.claimOf("alice");
      await expect(f.distributor.connect(f.alice).claim(99, a.index, a.investorId, a.amount, a.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorUnknownRound")
        .withArgs(99);
      expect(await snapshot()).to.deep.equal(before);
    });

    it("a claim after the deadline (the deadline second itself still claims)", async () => {
      const { f, round, before, snapshot } = await roundWithSnapshot();
      const a = round.claimOf("alice");
      const c = round.claimOf("carol");
      await time.setNextBlockTimestamp(round.deadline);
      await f.distributor.connect(f.carol).claim(round.roundId, c.index, c.investorId, c.amount, c.proof);
      await expect(f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, a.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorClaimClosed")
        .withArgs(round.roundId, round.deadline);
      const after = await snapshot();
      expect(after.distributorCash).to.equal(before.distributorCash - c.amount);
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(0n);
    });
  });

  describe("reclaim", () => {
    it("returns the unclaimed amounts and the rounding dust to the funder, only after the deadline, once", async () => {
      const f = await loadFixture(distributionFixture);
      // 1,000,003 over 600/300/100: 600,001 + 300,000 + 100,000, leaving 2 units of dust.
      const round = await declareRound(f, { amount: 1_000_003n, funder: f.agent });
      expect(round.result.dust).to.equal(2n);
      const a = round.claimOf("alice");
      await f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, a.proof);

      await expect(f.distributor.connect(f.agent).reclaim(round.roundId))
        .to.be.revertedWithCustomError(f.distributor, "DistributorClaimOpen")
        .withArgs(round.roundId, round.deadline);
      await time.increaseTo(round.deadline + 1);
      await expect(f.distributor.connect(f.outsider).reclaim(round.roundId))
        .to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized")
        .withArgs(f.outsider.address);
      await expect(f.distributor.connect(f.alice).reclaim(round.roundId)).to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized");

      const before = await f.cash.balanceOf(f.agent.address);
      const expected = round.result.fundingTotal - a.amount; // bob + carol unclaimed + dust
      await expect(f.distributor.connect(f.agent).reclaim(round.roundId))
        .to.emit(f.distributor, "Reclaimed")
        .withArgs(round.roundId, f.agent.address, expected);
      expect(await f.cash.balanceOf(f.agent.address)).to.equal(before + expected);
      expect(await f.cash.balanceOf(await f.distributor.getAddress())).to.equal(0n);
      await expect(f.distributor.connect(f.agent).reclaim(round.roundId))
        .to.be.revertedWithCustomError(f.distributor, "DistributorNothingToReclaim")
        .withArgs(round.roundId);
      const b = round.claimOf("bob");
      await expect(f.distributor.connect(f.bob).claim(round.roundId, b.index, b.investorId, b.amount, b.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorClaimClosed");
    });

    it("lets the token owner reclaim a round an agent funded, when every entitlement was claimed: the dust alone", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_003n, funder: f.agent });
      for (const [name, signer] of [["alice", f.alice], ["bob", f.bob], ["carol", f.carol]] as const) {
        const c = round.claimOf(name);
        await f.distributor.connect(signer).claim(round.roundId, c.index, c.investorId, c.amount, c.proof);
      }
      await time.increaseTo(round.deadline + 1);
      await expect(f.distributor.connect(f.issuer).reclaim(round.roundId))
        .to.emit(f.distributor, "Reclaimed")
        .withArgs(round.roundId, f.issuer.address, 2n);
      expect(await f.cash.balanceOf(await f.distributor.getAddress())).to.equal(0n);
    });

    it("refuses an unknown round", async () => {
      const f = await loadFixture(distributionFixture);
      await expect(f.distributor.reclaim(7)).to.be.revertedWithCustomError(f.distributor, "DistributorUnknownRound").withArgs(7);
    });
  });

  it("sends the payout of the deadline day to nobody else: claims close and reclaim opens at the same second", async () => {
    const f = await loadFixture(distributionFixture);
    const round = await declareRound(f, { amount: 1_000n, deadline: (await time.latest()) + DAY });
    await time.setNextBlockTimestamp(round.deadline);
    await expect(f.distributor.reclaim(round.roundId)).to.be.revertedWithCustomError(f.distributor, "DistributorClaimOpen");
    await time.setNextBlockTimestamp(round.deadline + 1);
    const c = round.claimOf("carol");
    await expect(f.distributor.connect(f.carol).claim(round.roundId, c.index, c.investorId, c.amount, c.proof))
      .to.be.revertedWithCustomError(f.distributor, "DistributorClaimClosed");
  });
});
