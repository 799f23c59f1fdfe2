// Attack tests of section D of the security checklist (D1 and D3-D4 on the shared module are in entitlements.test.ts),
// round isolation and the push batch.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { buildEntitlementTree, entitlementClaims } from "../../../lib/distributions/entitlements";
import { AgentPermission } from "../../../scripts/lib/security-token";
import { STATUS, declareRound, distributionFixture, investorId } from "./fixture";

describe("Distributor security", () => {
  describe("D5 reentrancy through a malicious cash token", () => {
    it("blocks a re-entered claim during a claim's payout and pays exactly once", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n });
      const a = round.claimOf("alice");
      const reenter = f.distributor.interface.encodeFunctionData("claim", [round.roundId, a.index, a.investorId, a.amount, a.proof]);
      await f.cash.setReentry(await f.distributor.getAddress(), reenter);

      await f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, a.proof);
      expect(await f.cash.reentrySucceeded()).to.equal(false);
      expect(f.distributor.interface.parseError(await f.cash.reentryError())!.name).to.equal("ReentrancyGuardReentrantCall");
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(a.amount);
      expect((await f.distributor.round(round.roundId)).remaining).to.equal(round.result.fundingTotal - a.amount);
    });

    it("blocks a re-entered reclaim during a claim, and a re-entered claim during a reclaim", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n });
      const a = round.claimOf("alice");
      await f.cash.setReentry(await f.distributor.getAddress(), f.distributor.interface.encodeFunctionData("reclaim", [round.roundId]));
      await f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, a.proof);
      expect(await f.cash.reentrySucceeded()).to.equal(false);

      const b = round.claimOf("bob");
      await f.cash.setReentry(await f.distributor.getAddress(), f.distributor.interface.encodeFunctionData("claim", [round.roundId, b.index, b.investorId, b.amount, b.proof]));
      await time.increaseTo(round.deadline + 1);
      await f.distributor.reclaim(round.roundId);
      expect(await f.cash.reentrySucceeded()).to.equal(false);
      expect(await f.cash.balanceOf(await f.distributor.getAddress())).to.equal(0n);
      expect(await f.cash.balanceOf(f.bob.address)).to.equal(0n);
    });

    it("refuses funding and pushing entered from inside a claim's payout at the reentrancy guard, before any other check", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n });
      const [a, b] = [round.claimOf("alice"), round.claimOf("bob")];
      const fund = f.distributor.interface.encodeFunctionData("fundRound", [{
        token: await f.token.getAddress(),
        cashToken: await f.cash.getAddress(),
        total: 1n,
        merkleRoot: round.root,
        deadline: round.deadline,
        recordBlock: round.params.recordBlock,
        paramsHash: ethers.ZeroHash,
        paramsUri: "",
      }]);
      const push = f.distributor.interface.encodeFunctionData("pushClaims", [round.roundId, [{ ...b, wallet: f.bob.address }]]);
      for (const [reentry, claim, signer] of [[fund, a, f.alice], [push, b, f.bob]] as const) {
        await f.cash.setReentry(await f.distributor.getAddress(), reentry);
        await f.distributor.connect(signer).claim(round.roundId, claim.index, claim.investorId, claim.amount, claim.proof);
        expect(await f.cash.reentrySucceeded()).to.equal(false);
        expect(f.distributor.interface.parseError(await f.cash.reentryError())!.name).to.equal("ReentrancyGuardReentrantCall");
      }
      expect(await f.distributor.roundCount()).to.equal(round.roundId);
      expect(await f.cash.balanceOf(f.bob.address)).to.equal(b.amount);
    });
  });

  describe("rounds are isolated", () => {
    it("caps a round whose tree promises more than it was funded with at its own funds; another round in the same cash pays in full", async () => {
      const f = await loadFixture(distributionFixture);
      const honest = await declareRound(f, { amount: 1_000_000n });
      const short = await declareRound(f, { amount: 1_000_000n, overrideTotal: 500_000n });
      const [a, b, c] = ["alice", "bob", "carol"].map((n) => short.claimOf(n));
      await expect(f.distributor.connect(f.alice).claim(short.roundId, a!.index, a!.investorId, a!.amount, a!.proof))
        .to.be.revertedWithCustomError(f.distributor, "DistributorInsufficientFunds")
        .withArgs(short.roundId, 500_000n, 600_000n);
      await f.distributor.connect(f.bob).claim(short.roundId, b!.index, b!.investorId, b!.amount, b!.proof);
      await f.distributor.connect(f.carol).claim(short.roundId, c!.index, c!.investorId, c!.amount, c!.proof);
      expect((await f.distributor.round(short.roundId)).remaining).to.equal(100_000n);

      for (const [name, signer] of [["alice", f.alice], ["bob", f.bob], ["carol", f.carol]] as const) {
        const e = honest.claimOf(name);
        await f.distributor.connect(signer).claim(honest.roundId, e.index, e.investorId, e.amount, e.proof);
      }
      expect((await f.distributor.round(honest.roundId)).remaining).to.equal(0n);
      expect(await f.cash.balanceOf(await f.distributor.getAddress())).to.equal(100_000n);
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(600_000n);
    });

    it("keeps paying a round when another round's cash token refuses every transfer", async () => {
      const f = await loadFixture(distributionFixture);
      const bad = await (await ethers.getContractFactory("HostileCashTokenMock")).deploy();
      await bad.mint(f.issuer.address, 1_000_000n);
      await bad.approve(await f.distributor.getAddress(), 1_000_000n);
      const broken = await declareRound(f, { amount: 1_000_000n, cashToken: await bad.getAddress() });
      const good = await declareRound(f, { amount: 1_000_000n });
      await bad.setBlocked(f.alice.address, true);
      const a1 = broken.claimOf("alice");
      await expect(f.distributor.connect(f.alice).claim(broken.roundId, a1.index, a1.investorId, a1.amount, a1.proof))
        .to.be.revertedWithCustomError(bad, "HostileCashTokenBlocked");
      expect(await f.distributor.isClaimed(broken.roundId, a1.index)).to.equal(false);
      const a2 = good.claimOf("alice");
      await f.distributor.connect(f.alice).claim(good.roundId, a2.index, a2.investorId, a2.amount, a2.proof);
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(600_000n);
    });
  });

  describe("D2 conservation on chain", () => {
    it("claimed + remaining == funded after every claim, and reclaim returns exactly the dust", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 999_999_937n, withholding: { defaultBps: 1500, rules: [{ country: 840, bps: 3000 }] } });
      const distributor = await f.distributor.getAddress();
      let claimed = 0n;
      for (const [name, signer] of [["alice", f.alice], ["bob", f.bob], ["carol", f.carol]] as const) {
        const e = round.claimOf(name);
        await f.distributor.connect(signer).claim(round.roundId, e.index, e.investorId, e.amount, e.proof);
        claimed += e.amount;
        expect(claimed + (await f.distributor.round(round.roundId)).remaining).to.equal(round.result.fundingTotal);
        expect(await f.cash.balanceOf(distributor)).to.equal(round.result.fundingTotal - claimed);
      }
      await time.increaseTo(round.deadline + 1);
      await expect(f.distributor.reclaim(round.roundId)).to.emit(f.distributor, "Reclaimed").withArgs(round.roundId, f.issuer.address, round.result.dust);
      expect(await f.cash.balanceOf(distributor)).to.equal(0n);
    });
  });

  describe("D4 small holders", () => {
    it("pays a 1-wei holder nothing (documented dust) and a 1e24 holder its exact floor share, in a 6-decimal cash token", async () => {
      const f = await loadFixture(distributionFixture);
      await f.token.mint(f.dave.address, 1n);
      await f.token.mint(f.alice.address, 10n ** 24n - 600n * 10n ** 18n);
      const round = await declareRound(f, { amount: 1_000_000n * 10n ** 6n });
      expect(round.result.entitlements.find((e) => e.investorId === investorId("dave"))!.net).to.equal(0n);
      expect(round.claims.find((c) => c.investorId === investorId("dave"))).to.equal(undefined);
      const supply = 10n ** 24n + 400n * 10n ** 18n + 1n;
      expect(round.claimOf("alice").amount).to.equal((1_000_000n * 10n ** 6n * 10n ** 24n) / supply);
      expect(round.result.dust).to.be.lessThan(BigInt(round.result.entitlements.length));
    });
  });

  describe("push payments", () => {
    async function pushFixture() {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n });
      const req = (name: string, wallet: string) => {
        const c = round.claimOf(name);
        return { index: c.index, investorId: c.investorId, amount: c.amount, wallet, proof: c.proof };
      };
      return { f, round, req };
    }

    it("pays the payable entitlements and skips, with a reason, the ones that cannot be paid", async () => {
      const { f, round, req } = await pushFixture();
      const c = round.claimOf("carol");
      await f.distributor.connect(f.carol).claim(round.roundId, c.index, c.investorId, c.amount, c.proof);
      await f.registry.setInvestorStatus(investorId("bob"), STATUS.SUSPENDED);
      const forged = { ...req("alice", f.alice.address), amount: 10n ** 6n * 10n };

      const tx = f.distributor.connect(f.agent).pushClaims(round.roundId, [
        forged, // InvalidProof
        req("alice", f.alice.address), // paid
        req("bob", f.bob.address), // NoVerifiedWallet (suspended)
        req("carol", f.carol.address), // AlreadyClaimed
        req("alice", f.alice.address), // AlreadyClaimed (twice in one batch)
      ]);
      await expect(tx).to.emit(f.distributor, "Claimed").withArgs(round.roundId, forged.index, forged.investorId, f.alice.address, 600_000n);
      await expect(tx).to.emit(f.distributor, "ClaimSkipped").withArgs(round.roundId, forged.index, forged.investorId, 1);
      await expect(tx).to.emit(f.distributor, "ClaimSkipped").withArgs(round.roundId, round.claimOf("bob").index, investorId("bob"), 2);
      await expect(tx).to.emit(f.distributor, "ClaimSkipped").withArgs(round.roundId, c.index, c.investorId, 0);
      await expect(tx).to.emit(f.distributor, "ClaimSkipped").withArgs(round.roundId, forged.index, forged.investorId, 0);
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(600_000n);
      expect(await f.cash.balanceOf(f.bob.address)).to.equal(0n);
      expect((await f.distributor.round(round.roundId)).remaining).to.equal(300_000n);
    });

    it("never pays a wallet of another investor, and pays a recovered investor's new wallet", async () => {
      const { f, round, req } = await pushFixture();
      await f.distributor.connect(f.agent).pushClaims(round.roundId, [req("alice", f.bob.address), req("bob", f.outsider.address)]);
      expect(await f.cash.balanceOf(f.bob.address)).to.equal(0n);
      expect(await f.cash.balanceOf(f.outsider.address)).to.equal(0n);
      await f.registry.addWallet(investorId("alice"), f.aliceNew.address);
      await f.registry.removeWallet(f.alice.address);
      await f.distributor.connect(f.agent).pushClaims(round.roundId, [req("alice", f.alice.address), req("alice", f.aliceNew.address)]);
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(0n);
      expect(await f.cash.balanceOf(f.aliceNew.address)).to.equal(600_000n);
    });

    it("D6: skips a payee the cash token blocks, leaves it claimable, and pays the rest of the batch", async () => {
      const { f, round, req } = await pushFixture();
      await f.cash.setBlocked(f.bob.address, true);
      const tx = f.distributor.connect(f.issuer).pushClaims(round.roundId, [req("bob", f.bob.address), req("carol", f.carol.address)]);
      await expect(tx).to.emit(f.distributor, "ClaimSkipped").withArgs(round.roundId, round.claimOf("bob").index, investorId("bob"), 4);
      expect(await f.distributor.isClaimed(round.roundId, round.claimOf("bob").index)).to.equal(false);
      expect(await f.cash.balanceOf(f.carol.address)).to.equal(100_000n);
      expect((await f.distributor.round(round.roundId)).remaining).to.equal(900_000n);

      await f.cash.setBlocked(f.bob.address, false);
      const b = round.claimOf("bob");
      await f.distributor.connect(f.bob).claim(round.roundId, b.index, b.investorId, b.amount, b.proof);
      expect(await f.cash.balanceOf(f.bob.address)).to.equal(300_000n);
    });

    it("skips an entitlement above what the round still holds", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n, overrideTotal: 100n });
      const c = round.claimOf("carol");
      await expect(f.distributor.pushClaims(round.roundId, [{ index: c.index, investorId: c.investorId, amount: c.amount, wallet: f.carol.address, proof: c.proof }]))
        .to.emit(f.distributor, "ClaimSkipped").withArgs(round.roundId, c.index, c.investorId, 3);
      expect((await f.distributor.round(round.roundId)).remaining).to.equal(100n);
    });

    it("is refused to anyone but the token owner or a distribution agent, after the deadline, and for an unknown round", async () => {
      const { f, round, req } = await pushFixture();
      for (const signer of [f.outsider, f.alice, f.docsAgent]) {
        await expect(f.distributor.connect(signer).pushClaims(round.roundId, [req("alice", f.alice.address)]))
          .to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized")
          .withArgs(signer.address);
      }
      await expect(f.distributor.pushClaims(42, [])).to.be.revertedWithCustomError(f.distributor, "DistributorUnknownRound");
      await time.increaseTo(round.deadline + 1);
      await expect(f.distributor.pushClaims(round.roundId, [req("alice", f.alice.address)]))
        .to.be.revertedWithCustomError(f.distributor, "DistributorClaimClosed");
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(0n);
    });
  });

  it("rejects a proof for the leaf of another tree of the same investors (roots bind amounts and indexes)", async () => {
    const f = await loadFixture(distributionFixture);
    const round = await declareRound(f, { amount: 1_000_000n });
    const inflated = entitlementClaims(buildEntitlementTree(round.result.entitlements.map((e) => ({ ...e, net: e.net * 2n }))));
    const a = inflated.find((c) => c.investorId === investorId("alice"))!;
    await expect(f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, a.proof))
      .to.be.revertedWithCustomError(f.distributor, "DistributorInvalidProof");
  });

  describe("only the token owner and agents holding the DISTRIBUTION permission run rounds", () => {
    it("refuses an agent with the documents permission alone a copy of a declared round with a 1-second deadline", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n });
      const declared = await f.distributor.round(round.roundId);
      const copy = {
        token: await f.token.getAddress(),
        cashToken: await f.cash.getAddress(),
        total: declared.total,
        merkleRoot: round.root,
        deadline: (await time.latest()) + 2, // one second after the block that would fund it
        recordBlock: round.params.recordBlock,
        paramsHash: ethers.id("same params"),
        paramsUri: "ipfs://same",
      };
      const before = await f.cash.balanceOf(f.docsAgent.address);
      await expect(f.distributor.connect(f.docsAgent).fundRound(copy))
        .to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized")
        .withArgs(f.docsAgent.address);
      expect(await f.distributor.roundCount()).to.equal(round.roundId);
      expect(await f.cash.balanceOf(f.docsAgent.address)).to.equal(before);

      // The same request from the distribution agent is accepted.
      await expect(f.distributor.connect(f.agent).fundRound({ ...copy, deadline: (await time.latest()) + 60 })).to.emit(f.distributor, "RoundFunded");
    });

    it("refuses pushClaims to an agent with the documents permission alone and lets the distribution agent push", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n });
      const c = round.claimOf("alice");
      const push = [{ index: c.index, investorId: c.investorId, amount: c.amount, wallet: f.alice.address, proof: c.proof }];
      await expect(f.distributor.connect(f.docsAgent).pushClaims(round.roundId, push))
        .to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized")
        .withArgs(f.docsAgent.address);
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(0n);
      await expect(f.distributor.connect(f.agent).pushClaims(round.roundId, push)).to.emit(f.distributor, "Claimed");
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(c.amount);
    });

    it("refuses reclaim to a documents agent and to a distribution agent that did not fund the round", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n }); // funded by the owner
      await time.increaseTo(round.deadline + 1);
      for (const signer of [f.docsAgent, f.agent]) {
        await expect(f.distributor.connect(signer).reclaim(round.roundId))
          .to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized")
          .withArgs(signer.address);
      }
      expect((await f.distributor.round(round.roundId)).remaining).to.equal(round.result.fundingTotal);
      await expect(f.distributor.reclaim(round.roundId)).to.emit(f.distributor, "Reclaimed").withArgs(round.roundId, f.issuer.address, round.result.fundingTotal);
    });

    it("stops an agent whose DISTRIBUTION permission was revoked: no funding, no push, no reclaim of its own round; the owner reclaims", async () => {
      const f = await loadFixture(distributionFixture);
      const round = await declareRound(f, { amount: 1_000_000n, funder: f.agent });
      await f.token.setAgentPermissions(f.agent.address, AgentPermission.ALL & ~AgentPermission.DISTRIBUTION);
      const c = round.claimOf("bob");
      await expect(f.distributor.connect(f.agent).pushClaims(round.roundId, [{ index: c.index, investorId: c.investorId, amount: c.amount, wallet: f.bob.address, proof: c.proof }]))
        .to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized");
      await expect(declareRound(f, { amount: 1_000n, funder: f.agent })).to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized");
      await time.increaseTo(round.deadline + 1);
      await expect(f.distributor.connect(f.agent).reclaim(round.roundId)).to.be.revertedWithCustomError(f.distributor, "DistributorUnauthorized");
      await expect(f.distributor.reclaim(round.roundId)).to.emit(f.distributor, "Reclaimed").withArgs(round.roundId, f.issuer.address, round.result.fundingTotal);
    });
  });
});
