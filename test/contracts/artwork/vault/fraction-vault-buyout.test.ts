import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  CERT_ID,
  CODE,
  DAY,
  PRICE,
  RESERVE,
  SHARES,
  STATUS,
  STATUS_OF_VAULT,
  buyoutFixture,
  defaultTerms,
  encodeTerms,
  expectConserved,
  expectHolderWhole,
  investorId,
  lockedFixture,
  type Buyout,
} from "./fixture";

/** alice (5,000) and bob (3,000) tender: 80 %, below the 90 % threshold. */
async function tenderedFixture() {
  const f = await buyoutFixture();
  await f.vault.connect(f.alice).tender(f.vaultId, 5_000n);
  await f.vault.connect(f.bob).tender(f.vaultId, 3_000n);
  return f;
}

/** alice (5,000), bob (3,000) and 1,000 of carol's tender: 90 %, the threshold. */
async function unconditionalFixture() {
  const f = await tenderedFixture();
  await f.vault.connect(f.carol).tender(f.vaultId, 1_000n);
  return f;
}

async function expectAllWhole(f: Buyout) {
  await expectHolderWhole(f, f.alice, 5_000n);
  await expectHolderWhole(f, f.bob, 3_000n);
  await expectHolderWhole(f, f.carol, 2_000n);
  await expectConserved(f);
}

describe("FractionVault: buy-out", () => {
  describe("escrow", () => {
    it("escrows shares × price from the buyer and opens the buy-out", async () => {
      const f = await loadFixture(lockedFixture);
      const cash = await f.cash.getAddress();
      const deadline = (await time.latest()) + 14 * DAY;
      const before = await f.cash.balanceOf(f.buyer.address);
      await expect(f.vault.connect(f.buyer).startBuyout(f.vaultId, cash, PRICE, deadline))
        .to.emit(f.vault, "BuyoutStarted")
        .withArgs(f.vaultId, f.buyer.address, cash, PRICE, deadline, SHARES * PRICE);
      expect(before - (await f.cash.balanceOf(f.buyer.address))).to.equal(SHARES * PRICE);
      const b = await f.vault.buyoutOf(f.vaultId);
      expect(b.buyer).to.equal(f.buyer.address);
      expect(b.pricePerShare).to.equal(PRICE);
      expect(b.deadline).to.equal(deadline);
      expect((await f.vault.vaultOf(f.vaultId)).status).to.equal(STATUS_OF_VAULT.Buyout);
      await expectConserved(f);
    });

    it("allows only one active buy-out per vault", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      await expect(f.vault.connect(f.buyer2).startBuyout(f.vaultId, cash, PRICE * 2n, f.deadline))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultWrongStatus")
        .withArgs(f.vaultId, STATUS_OF_VAULT.Buyout);
      expect((await f.vault.buyoutOf(f.vaultId)).buyer).to.equal(f.buyer.address);
      await expectConserved(f);
    });

    it("accepts a deadline exactly the terms' longest buy-out away, and refuses one a second later", async () => {
      const f = await loadFixture(lockedFixture);
      const cash = await f.cash.getAddress();
      const at = (await time.latest()) + 60;
      const longest = at + 30 * DAY; // the fixture's maxBuyoutDuration
      await time.setNextBlockTimestamp(at);
      await expect(f.vault.connect(f.buyer).startBuyout(f.vaultId, cash, PRICE, longest + 1))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidDeadline")
        .withArgs(longest + 1);
      await time.setNextBlockTimestamp(at + 1);
      await f.vault.connect(f.buyer).startBuyout(f.vaultId, cash, PRICE, longest + 1);
      expect((await f.vault.buyoutOf(f.vaultId)).deadline).to.equal(BigInt(longest + 1));
    });

    it("refuses a price below the reserve, an invalid deadline, an invalid cash token and an unknown vault, changing nothing", async () => {
      const f = await loadFixture(lockedFixture);
      const cash = await f.cash.getAddress();
      const now = await time.latest();
      const v = f.vault.connect(f.buyer);
      await expect(v.startBuyout(f.vaultId, cash, RESERVE - 1n, now + DAY))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultPriceBelowReserve")
        .withArgs(RESERVE - 1n, RESERVE);
      await expect(v.startBuyout(f.vaultId, cash, PRICE, now))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidDeadline")
        .withArgs(now);
      await expect(v.startBuyout(f.vaultId, cash, PRICE, now + 31 * DAY))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidDeadline")
        .withArgs(now + 31 * DAY);
      for (const bad of [ethers.ZeroAddress, await f.token.getAddress(), f.alice.address]) {
        await expect(v.startBuyout(f.vaultId, bad, PRICE, now + DAY))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidCash")
          .withArgs(bad);
      }
      await expect(v.startBuyout(2n, cash, PRICE, now + DAY))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultUnknownVault")
        .withArgs(2n);
      await expect(v.startBuyout(f.vaultId, cash, ethers.MaxUint256 / SHARES + 1n, now + DAY))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultPriceOverflow");
      expect((await f.vault.vaultOf(f.vaultId)).status).to.equal(STATUS_OF_VAULT.Locked);
      await expectConserved(f);
    });

    it("refuses a buyer the token would refuse (not a verified investor), changing nothing", async () => {
      const f = await loadFixture(lockedFixture);
      const cash = await f.cash.getAddress();
      await f.cash.mint(f.stranger.address, SHARES * PRICE);
      await f.cash.connect(f.stranger).approve(f.vaultAddress, ethers.MaxUint256);
      const deadline = (await time.latest()) + DAY;
      await expect(f.vault.connect(f.stranger).startBuyout(f.vaultId, cash, PRICE, deadline))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultBuyerNotEligible")
        .withArgs(f.stranger.address);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("buyer"), STATUS.SUSPENDED);
      await expect(f.vault.connect(f.buyer).startBuyout(f.vaultId, cash, PRICE, deadline))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultBuyerNotEligible")
        .withArgs(f.buyer.address);
      expect(await f.cash.balanceOf(f.stranger.address)).to.equal(SHARES * PRICE);
      await expectConserved(f);
    });

    it("D6: refuses a fee-on-transfer cash token (the escrow would be short), changing nothing", async () => {
      const f = await loadFixture(lockedFixture);
      const fee = await (await ethers.getContractFactory("FeeOnTransferCashTokenMock")).deploy();
      await fee.mint(f.buyer.address, SHARES * PRICE);
      await fee.connect(f.buyer).approve(f.vaultAddress, ethers.MaxUint256);
      const deadline = (await time.latest()) + DAY;
      const escrow = SHARES * PRICE;
      await expect(f.vault.connect(f.buyer).startBuyout(f.vaultId, await fee.getAddress(), PRICE, deadline))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultCashShortfall")
        .withArgs(escrow, escrow - escrow / 100n);
      expect(await fee.balanceOf(f.buyer.address)).to.equal(escrow);
      expect(await f.vault.cashOwed(await fee.getAddress())).to.equal(0n);
      expect((await f.vault.vaultOf(f.vaultId)).status).to.equal(STATUS_OF_VAULT.Locked);
    });

    it("D6: works with a cash token that returns nothing from transfer (SafeERC20)", async () => {
      const f = await loadFixture(lockedFixture);
      const usdt = await (await ethers.getContractFactory("NoReturnCashTokenMock")).deploy();
      await usdt.mint(f.buyer.address, SHARES * PRICE);
      await usdt.connect(f.buyer).approve(f.vaultAddress, SHARES * PRICE);
      await f.vault.connect(f.buyer).startBuyout(f.vaultId, await usdt.getAddress(), PRICE, (await time.latest()) + DAY);
      await f.token.connect(f.alice).approve(f.vaultAddress, 5_000n);
      await f.vault.connect(f.alice).tender(f.vaultId, 5_000n);
      expect(await usdt.balanceOf(f.alice.address)).to.equal(5_000n * PRICE);
      expect(await usdt.balanceOf(f.vaultAddress)).to.equal(5_000n * PRICE);
      expect(await f.vault.cashOwed(await usdt.getAddress())).to.equal(5_000n * PRICE);
    });
  });

  describe("tender", () => {
    it("moves the holder's shares to the vault under the token's rules and pays shares × price at once", async () => {
      const f = await loadFixture(buyoutFixture);
      await expect(f.vault.connect(f.alice).tender(f.vaultId, 1_234n))
        .to.emit(f.vault, "SharesTendered")
        .withArgs(f.vaultId, f.alice.address, 1_234n, 1_234n * PRICE)
        .and.to.emit(f.token, "Transfer")
        .withArgs(f.alice.address, f.vaultAddress, 1_234n);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(5_000n - 1_234n);
      expect(await f.token.balanceOf(f.vaultAddress)).to.equal(1_234n);
      expect((await f.cash.balanceOf(f.alice.address)) - f.cashBefore[f.alice.address]!).to.equal(1_234n * PRICE);
      const b = await f.vault.buyoutOf(f.vaultId);
      expect(b.acquired).to.equal(1_234n);
      expect(b.tendered).to.equal(1_234n);
      expect(b.unconditional).to.equal(false);
      await expectAllWhole(f);
    });

    it("refuses a tender the token refuses, with the token's code, changing nothing", async () => {
      const f = await loadFixture(buyoutFixture);
      const agent = f.token.connect(f.tokenAgent);
      const refuse = async (who: typeof f.alice, shares: bigint, code: number) => {
        await expect(f.vault.connect(who).tender(f.vaultId, shares))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultTenderRefused")
          .withArgs(who.address, code);
      };
      // Not approved.
      await f.token.connect(f.alice).approve(f.vaultAddress, 0n);
      await refuse(f.alice, 1n, CODE.INSUFFICIENT_ALLOWANCE);
      await f.token.connect(f.alice).approve(f.vaultAddress, ethers.MaxUint256);
      // More than held.
      await refuse(f.alice, 5_001n, CODE.INSUFFICIENT_BALANCE);
      // Wallet frozen, then part of the shares frozen.
      await agent.setAddressFrozen(f.bob.address, true);
      await refuse(f.bob, 1n, CODE.SENDER_FROZEN);
      await agent.setAddressFrozen(f.bob.address, false);
      await agent.freezePartialTokens(f.bob.address, 2_000n);
      await refuse(f.bob, 1_001n, CODE.TOKENS_FROZEN);
      // Holder no longer a verified investor (suspended).
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("carol"), STATUS.SUSPENDED);
      await refuse(f.carol, 1n, CODE.SENDER_NOT_ELIGIBLE);
      // Token paused by its compliance agent.
      await agent.pause();
      await refuse(f.alice, 1n, CODE.PAUSED);
      await expect(f.vault.connect(f.alice).tender(f.vaultId, 0n)).to.be.revertedWithCustomError(f.vault, "FractionVaultZeroAmount");
      await expect(f.vault.connect(f.stranger).tender(f.vaultId, 1n))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultTenderRefused")
        .withArgs(f.stranger.address, CODE.INSUFFICIENT_ALLOWANCE);
      expect((await f.vault.buyoutOf(f.vaultId)).acquired).to.equal(0n);
      await expectAllWhole(f);
    });

    it("lets a holder whose part is frozen tender the unfrozen part", async () => {
      const f = await loadFixture(buyoutFixture);
      await f.token.connect(f.tokenAgent).freezePartialTokens(f.bob.address, 2_000n);
      await f.vault.connect(f.bob).tender(f.vaultId, 1_000n);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(2_000n);
      await expectAllWhole(f);
    });

    it("refuses a tender when no buy-out is open, and after the deadline of a buy-out below its threshold", async () => {
      const f = await loadFixture(lockedFixture);
      await expect(f.vault.connect(f.alice).tender(f.vaultId, 1n))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultWrongStatus")
        .withArgs(f.vaultId, STATUS_OF_VAULT.Locked);
      const b = await loadFixture(buyoutFixture);
      await time.increaseTo(b.deadline + 1);
      await expect(b.vault.connect(b.alice).tender(b.vaultId, 1n))
        .to.be.revertedWithCustomError(b.vault, "FractionVaultBuyoutExpired")
        .withArgs(b.vaultId, b.deadline);
      await expectAllWhole(b);
    });
  });

  describe("threshold and redemption", () => {
    it("becomes unconditional when the tendered shares reach the threshold (rounded up)", async () => {
      const f = await loadFixture(tenderedFixture);
      await expect(f.vault.connect(f.carol).tender(f.vaultId, 999n)).to.not.emit(f.vault, "BuyoutUnconditional");
      await expect(f.vault.connect(f.carol).tender(f.vaultId, 1n))
        .to.emit(f.vault, "BuyoutUnconditional")
        .withArgs(f.vaultId, 9_000n);
      expect((await f.vault.buyoutOf(f.vaultId)).unconditional).to.equal(true);
      await expectAllWhole(f);
    });

    it("refuses redemption before the threshold, changing nothing", async () => {
      const f = await loadFixture(tenderedFixture);
      await expect(f.vault.redeem(f.vaultId, [f.carol.address]))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultThresholdNotReached")
        .withArgs(f.vaultId, 8_000n, 9_000n);
      expect(await f.token.balanceOf(f.carol.address)).to.equal(2_000n);
      await expectAllWhole(f);
    });

    it("redeems the remaining shares against cash kept claimable by each holder (pull), then the holder claims", async () => {
      const f = await loadFixture(unconditionalFixture);
      const cash = await f.cash.getAddress();
      await expect(f.vault.connect(f.stranger).redeem(f.vaultId, [f.carol.address, f.alice.address]))
        .to.emit(f.vault, "SharesRedeemed")
        .withArgs(f.vaultId, f.carol.address, 1_000n, 1_000n * PRICE)
        .and.to.emit(f.token, "Transfer")
        .withArgs(f.carol.address, ethers.ZeroAddress, 1_000n);
      expect(await f.token.balanceOf(f.carol.address)).to.equal(0n);
      expect(await f.vault.claimable(cash, f.carol.address)).to.equal(1_000n * PRICE);
      expect(await f.vault.claimable(cash, f.alice.address)).to.equal(0n);
      expect((await f.vault.buyoutOf(f.vaultId)).acquired).to.equal(SHARES);
      await expectAllWhole(f);
      await expect(f.vault.connect(f.carol).claim(cash, f.carol.address))
        .to.emit(f.vault, "CashClaimed")
        .withArgs(cash, f.carol.address, f.carol.address, 1_000n * PRICE);
      await expectAllWhole(f);
      await expect(f.vault.connect(f.carol).claim(cash, f.carol.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNothingToClaim")
        .withArgs(f.carol.address);
    });

    it("redeems a holder the token would no longer let tender (suspended, frozen, locked up): the holder gets cash", async () => {
      const f = await loadFixture(unconditionalFixture);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("carol"), STATUS.SUSPENDED);
      await f.token.connect(f.tokenAgent).setAddressFrozen(f.carol.address, true);
      await expect(f.vault.connect(f.carol).tender(f.vaultId, 1_000n))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultTenderRefused")
        .withArgs(f.carol.address, CODE.SENDER_NOT_ELIGIBLE);
      await f.vault.redeem(f.vaultId, [f.carol.address]);
      expect(await f.vault.claimable(await f.cash.getAddress(), f.carol.address)).to.equal(1_000n * PRICE);
      await expectAllWhole(f);
    });

    it("refuses a redemption that names the vault or the zero address, or that redeems nothing", async () => {
      const f = await loadFixture(unconditionalFixture);
      for (const bad of [ethers.ZeroAddress, f.vaultAddress]) {
        await expect(f.vault.redeem(f.vaultId, [bad])).to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidHolder").withArgs(bad);
      }
      await expect(f.vault.redeem(f.vaultId, [f.alice.address, f.bob.address]))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNothingToRedeem")
        .withArgs(f.alice.address);
      await expect(f.vault.redeem(f.vaultId, [])).to.be.revertedWithCustomError(f.vault, "FractionVaultNothingToRedeem");
      await expectAllWhole(f);
    });

    it("lets the last holders still tender after the threshold and the deadline", async () => {
      const f = await loadFixture(unconditionalFixture);
      await time.increaseTo(f.deadline + DAY);
      await f.vault.connect(f.carol).tender(f.vaultId, 1_000n);
      expect((await f.vault.buyoutOf(f.vaultId)).acquired).to.equal(SHARES);
      await expectAllWhole(f);
    });
  });

  describe("release", () => {
    async function completeFixture() {
      const f = await unconditionalFixture();
      await f.vault.redeem(f.vaultId, [f.carol.address]);
      return f;
    }

    it("releases the certificate to the buyer once every share is acquired, burns the shares and pauses the token", async () => {
      const f = await loadFixture(completeFixture);
      await expect(f.vault.connect(f.buyer).release(f.vaultId, f.buyer.address))
        .to.emit(f.vault, "VaultReleased")
        .withArgs(f.vaultId, f.buyer.address, f.buyer.address, 9_000n)
        .and.to.emit(f.token, "Paused");
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.buyer.address);
      expect(await f.vault.isLocked(await f.certificate.getAddress(), CERT_ID)).to.equal(false);
      expect(await f.token.totalSupply()).to.equal(0n);
      expect(await f.token.paused()).to.equal(true);
      // Closed for good: nobody can mint again (the vault dropped its mint permission, no agent may hold it).
      expect(await f.token.agentPermissions(f.vaultAddress) & 1n).to.equal(0n);
      await expect(f.vault.setTokenAgent(f.vaultId, f.owner.address, 1)).to.be.revertedWithCustomError(f.vault, "FractionVaultWrongStatus");
      expect((await f.vault.vaultOf(f.vaultId)).status).to.equal(STATUS_OF_VAULT.Released);
      // The buyer spent exactly shares × price; nothing is left in escrow.
      expect(f.cashBefore[f.buyer.address]! - (await f.cash.balanceOf(f.buyer.address))).to.equal(SHARES * PRICE);
      expect(await f.vault.claimable(await f.cash.getAddress(), f.buyer.address)).to.equal(0n);
      await expectAllWhole(f);
      // Claims still work after release.
      await f.vault.connect(f.carol).claim(await f.cash.getAddress(), f.carol.address);
      await expectAllWhole(f);
    });

    it("releases to another address the buyer names, and refuses it a second time", async () => {
      const f = await loadFixture(completeFixture);
      await f.vault.connect(f.buyer).release(f.vaultId, f.dave.address);
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.dave.address);
      await expect(f.vault.connect(f.buyer).release(f.vaultId, f.buyer.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultWrongStatus")
        .withArgs(f.vaultId, STATUS_OF_VAULT.Released);
    });

    it("closes the token even when its agent paused it", async () => {
      const f = await loadFixture(completeFixture);
      await f.token.connect(f.tokenAgent).pause();
      await f.vault.connect(f.buyer).release(f.vaultId, f.buyer.address);
      expect(await f.token.totalSupply()).to.equal(0n);
      await expectAllWhole(f);
    });

    it("refuses release by anyone but the buyer, before every share is acquired, and to an invalid recipient", async () => {
      const f = await loadFixture(unconditionalFixture);
      await expect(f.vault.connect(f.alice).release(f.vaultId, f.alice.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNotBuyer")
        .withArgs(f.alice.address);
      await expect(f.vault.connect(f.buyer).release(f.vaultId, f.buyer.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultBuyoutIncomplete")
        .withArgs(f.vaultId, 9_000n, SHARES);
      await f.vault.redeem(f.vaultId, [f.carol.address]);
      for (const bad of [ethers.ZeroAddress, f.vaultAddress]) {
        await expect(f.vault.connect(f.buyer).release(f.vaultId, bad))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidRecipient")
          .withArgs(bad);
      }
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.vaultAddress);
      await expectAllWhole(f);
    });

    it("completes on tenders alone when the threshold is 100 % (no forced redemption)", async () => {
      const f = await loadFixture(lockedFixture);
      // A second certificate locked with a 100 % threshold.
      await f.certificate.mint(f.gallery.address, 8n);
      const data = encodeTerms(defaultTerms(f, { thresholdBps: 10_000 }));
      await f.certificate.connect(f.gallery)["safeTransferFrom(address,address,uint256,bytes)"](f.gallery.address, f.vaultAddress, 8n, data);
      const info = await f.vault.vaultOf(2n);
      expect(info.thresholdShares).to.equal(SHARES);
      const token = await ethers.getContractAt("SecurityToken", info.token);
      await f.vault.connect(f.buyer).startBuyout(2n, await f.cash.getAddress(), PRICE, (await time.latest()) + DAY);
      for (const [who, shares] of [[f.alice, 5_000n], [f.bob, 3_000n], [f.carol, 1_999n]] as const) {
        await token.connect(who).approve(f.vaultAddress, shares);
        await f.vault.connect(who).tender(2n, shares);
      }
      await expect(f.vault.redeem(2n, [f.carol.address])).to.be.revertedWithCustomError(f.vault, "FractionVaultThresholdNotReached");
      await token.connect(f.carol).approve(f.vaultAddress, 1n);
      await f.vault.connect(f.carol).tender(2n, 1n);
      await f.vault.connect(f.buyer).release(2n, f.buyer.address);
      expect(await f.certificate.ownerOf(8n)).to.equal(f.buyer.address);
      expect(await token.totalSupply()).to.equal(0n);
      // Vault 1 is untouched.
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.vaultAddress);
      await expectConserved(f);
    });
  });

  describe("cancel and expiry", () => {
    it("lets the buyer cancel before the threshold: unspent cash claimable, tendered shares owed to the buyer", async () => {
      const f = await loadFixture(tenderedFixture);
      const cash = await f.cash.getAddress();
      await expect(f.vault.connect(f.buyer).cancelBuyout(f.vaultId))
        .to.emit(f.vault, "BuyoutEnded")
        .withArgs(f.vaultId, f.buyer.address, 2_000n * PRICE, 8_000n, false);
      expect((await f.vault.vaultOf(f.vaultId)).status).to.equal(STATUS_OF_VAULT.Locked);
      expect(await f.vault.claimable(cash, f.buyer.address)).to.equal(2_000n * PRICE);
      expect(await f.vault.sharesOwed(f.vaultId, f.buyer.address)).to.equal(8_000n);
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.vaultAddress);
      await expectAllWhole(f);
      for (const bad of [ethers.ZeroAddress, f.vaultAddress]) {
        await expect(f.vault.connect(f.buyer).claimShares(f.vaultId, bad))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidRecipient")
          .withArgs(bad);
        await expect(f.vault.connect(f.buyer).claim(cash, bad))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidRecipient")
          .withArgs(bad);
      }
      // The buyer paid for 8,000 shares and gets them; the rest of the escrow comes back.
      await expect(f.vault.connect(f.buyer).claimShares(f.vaultId, f.buyer.address))
        .to.emit(f.vault, "SharesClaimed")
        .withArgs(f.vaultId, f.buyer.address, f.buyer.address, 8_000n);
      await f.vault.connect(f.buyer).claim(cash, f.buyer.address);
      expect(await f.token.balanceOf(f.buyer.address)).to.equal(8_000n);
      expect(f.cashBefore[f.buyer.address]! - (await f.cash.balanceOf(f.buyer.address))).to.equal(8_000n * PRICE);
      await expectAllWhole(f);
    });

    it("refuses cancellation by anyone but the buyer, and after the threshold", async () => {
      const f = await loadFixture(tenderedFixture);
      await expect(f.vault.connect(f.alice).cancelBuyout(f.vaultId))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNotBuyer")
        .withArgs(f.alice.address);
      await f.vault.connect(f.carol).tender(f.vaultId, 1_000n);
      await expect(f.vault.connect(f.buyer).cancelBuyout(f.vaultId))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultBuyoutUnconditional")
        .withArgs(f.vaultId);
      await time.increaseTo(f.deadline + 1);
      await expect(f.vault.expireBuyout(f.vaultId))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultBuyoutUnconditional")
        .withArgs(f.vaultId);
      await expectAllWhole(f);
    });

    it("lets anyone end a buy-out whose deadline passed below the threshold, refunding the buyer", async () => {
      const f = await loadFixture(tenderedFixture);
      await expect(f.vault.connect(f.stranger).expireBuyout(f.vaultId))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultBuyoutNotExpired")
        .withArgs(f.vaultId, f.deadline);
      await time.increaseTo(f.deadline + 1);
      await expect(f.vault.connect(f.stranger).expireBuyout(f.vaultId))
        .to.emit(f.vault, "BuyoutEnded")
        .withArgs(f.vaultId, f.buyer.address, 2_000n * PRICE, 8_000n, true);
      expect(await f.vault.claimable(await f.cash.getAddress(), f.buyer.address)).to.equal(2_000n * PRICE);
      await expectAllWhole(f);
      await expect(f.vault.expireBuyout(f.vaultId))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultWrongStatus")
        .withArgs(f.vaultId, STATUS_OF_VAULT.Locked);
    });

    it("keeps the shares owed to a buyer the token now refuses until the buyer is verified again", async () => {
      const f = await loadFixture(tenderedFixture);
      await f.vault.connect(f.buyer).cancelBuyout(f.vaultId);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("buyer"), STATUS.SUSPENDED);
      await expect(f.vault.connect(f.buyer).claimShares(f.vaultId, f.buyer.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultShareTransferRefused")
        .withArgs(f.buyer.address, CODE.RECIPIENT_NOT_VERIFIED);
      expect(await f.vault.sharesOwed(f.vaultId, f.buyer.address)).to.equal(8_000n);
      await expectAllWhole(f);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("buyer"), STATUS.ACTIVE);
      await f.vault.connect(f.buyer).claimShares(f.vaultId, f.buyer.address);
      expect(await f.token.balanceOf(f.buyer.address)).to.equal(8_000n);
      await expect(f.vault.connect(f.buyer).claimShares(f.vaultId, f.buyer.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNothingToClaim")
        .withArgs(f.buyer.address);
      await expectAllWhole(f);
    });

    it("opens a new buy-out after a cancelled one, and redeems the shares still owed to the first buyer for cash", async () => {
      const f = await loadFixture(tenderedFixture);
      const cash = await f.cash.getAddress();
      await f.vault.connect(f.buyer).cancelBuyout(f.vaultId);
      const price2 = PRICE * 2n;
      await f.vault.connect(f.buyer2).startBuyout(f.vaultId, cash, price2, (await time.latest()) + DAY);
      await expectConserved(f);
      // carol tenders all she has (20 %): 80 % is still owed to the first buyer by the vault, below the threshold.
      await f.vault.connect(f.carol).tender(f.vaultId, 2_000n);
      await f.vault.connect(f.buyer).claimShares(f.vaultId, f.buyer.address);
      await f.token.connect(f.buyer).approve(f.vaultAddress, 7_000n);
      await f.vault.connect(f.buyer).tender(f.vaultId, 7_000n);
      expect((await f.vault.buyoutOf(f.vaultId)).unconditional).to.equal(true);
      await f.vault.redeem(f.vaultId, [f.buyer.address]);
      expect(await f.vault.claimable(cash, f.buyer.address)).to.equal(2_000n * PRICE + 1_000n * price2);
      await f.vault.connect(f.buyer2).release(f.vaultId, f.buyer2.address);
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.buyer2.address);
      await expectConserved(f);
      // The first buyer paid 8,000 × PRICE, then received 8,000 × 2 × PRICE: every share it bought became cash.
      await f.vault.connect(f.buyer).claim(cash, f.buyer.address);
      expect((await f.cash.balanceOf(f.buyer.address)) - f.cashBefore[f.buyer.address]!).to.equal(8_000n * price2 - 8_000n * PRICE);
      await expectHolderWhole(f, f.carol, 2_000n, price2);
      await expectConserved(f);
    });

    it("redeems shares owed to a past buyer straight from the vault, without them ever being claimed", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      await f.vault.connect(f.carol).tender(f.vaultId, 1_000n);
      await f.vault.connect(f.buyer).cancelBuyout(f.vaultId);
      const price2 = PRICE + 1n;
      await f.vault.connect(f.buyer2).startBuyout(f.vaultId, cash, price2, (await time.latest()) + DAY);
      await f.vault.connect(f.alice).tender(f.vaultId, 5_000n);
      await f.vault.connect(f.bob).tender(f.vaultId, 3_000n);
      await f.vault.connect(f.carol).tender(f.vaultId, 1_000n);
      await expect(f.vault.redeem(f.vaultId, [f.buyer.address]))
        .to.emit(f.vault, "SharesRedeemed")
        .withArgs(f.vaultId, f.buyer.address, 1_000n, 1_000n * price2)
        .and.to.emit(f.token, "Transfer")
        .withArgs(f.vaultAddress, ethers.ZeroAddress, 1_000n);
      expect(await f.vault.sharesOwed(f.vaultId, f.buyer.address)).to.equal(0n);
      await expectConserved(f);
      await f.vault.connect(f.buyer2).release(f.vaultId, f.buyer2.address);
      await expectConserved(f);
      expect(await f.vault.claimable(cash, f.buyer.address)).to.equal(9_000n * PRICE + 1_000n * price2);
    });
  });

  describe("several vaults", () => {
    it("keeps two vaults' buy-outs in one cash token apart: the vault's balance is the sum of what each owes", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      await f.certificate.mint(f.gallery.address, 8n);
      const data = encodeTerms(defaultTerms(f, { allocations: [] }));
      await f.certificate.connect(f.gallery)["safeTransferFrom(address,address,uint256,bytes)"](f.gallery.address, f.vaultAddress, 8n, data);
      const token2 = await ethers.getContractAt("SecurityToken", (await f.vault.vaultOf(2n)).token);
      const price2 = 3n * PRICE;
      await f.vault.connect(f.buyer2).startBuyout(2n, cash, price2, (await time.latest()) + DAY);
      await token2.connect(f.gallery).approve(f.vaultAddress, 4_000n);
      await f.vault.connect(f.gallery).tender(2n, 4_000n);
      await f.vault.connect(f.alice).tender(f.vaultId, 5_000n);
      await f.vault.connect(f.buyer2).cancelBuyout(2n);
      const owed1 = (SHARES - 5_000n) * PRICE;
      const owed2 = (SHARES - 4_000n) * price2;
      expect(await f.vault.cashOwed(cash)).to.equal(owed1 + owed2);
      expect(await f.cash.balanceOf(f.vaultAddress)).to.equal(owed1 + owed2);
      expect(await f.vault.claimable(cash, f.buyer2.address)).to.equal(owed2);
      expect(await f.vault.sharesOwed(2n, f.buyer2.address)).to.equal(4_000n);
      expect(await f.vault.sharesOwed(f.vaultId, f.buyer2.address)).to.equal(0n);
      // Vault 1 goes on untouched.
      await f.vault.connect(f.bob).tender(f.vaultId, 3_000n);
      await f.vault.connect(f.carol).tender(f.vaultId, 2_000n);
      await f.vault.connect(f.buyer).release(f.vaultId, f.buyer.address);
      expect(await f.cash.balanceOf(f.vaultAddress)).to.equal(owed2);
      await f.vault.connect(f.buyer2).claim(cash, f.buyer2.address);
      expect(await f.cash.balanceOf(f.vaultAddress)).to.equal(0n);
      expect(await f.vault.cashOwed(cash)).to.equal(0n);
      expect(await token2.balanceOf(f.vaultAddress)).to.equal(4_000n);
    });
  });

  describe("stray shares", () => {
    it("returns shares sent to the vault outside a tender (platform owner, at most the stray amount)", async () => {
      const f = await loadFixture(buyoutFixture);
      await f.vault.connect(f.alice).tender(f.vaultId, 1_000n);
      await f.token.connect(f.bob).transfer(f.vaultAddress, 100n);
      await expect(f.vault.returnStrayShares(f.vaultId, f.bob.address, 101n))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultStraySharesExceeded")
        .withArgs(101n, 100n);
      await expect(f.vault.returnStrayShares(f.vaultId, f.bob.address, 0n)).to.be.revertedWithCustomError(f.vault, "FractionVaultZeroAmount");
      await expect(f.vault.returnStrayShares(f.vaultId, f.bob.address, 100n))
        .to.emit(f.vault, "StraySharesReturned")
        .withArgs(f.vaultId, f.bob.address, 100n);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(3_000n);
      await expectAllWhole(f);
    });
  });
});
