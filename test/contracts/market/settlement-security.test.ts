import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { MarketFeeOnTransferTokenMock, MarketReentrantCashTokenMock } from "../../../typechain-types";
import { CODE, E18, SIDE, STATUS, USD, expectConserved, holdings, investorId, marketFixture, type MarketFixture, type Order } from "./fixture";

/** A full fill of `order` by `taker`, as fill() arguments. */
async function fillOf(f: MarketFixture, order: Order, amount = order.amount) {
  const signer = [f.alice, f.bob, f.carol, f.dave, f.erin].find((s) => s.address === order.maker)!;
  return [{ order, signature: await f.sign(signer, order), amount }];
}

/** Funds bob and carol with a hostile cash token and has everyone approve the Settlement on it. */
async function fundCash(f: MarketFixture, cash: MarketReentrantCashTokenMock | MarketFeeOnTransferTokenMock) {
  for (const who of [f.bob, f.carol]) await cash.mint(who.address, 1_000_000n * USD);
  for (const who of [f.alice, f.bob, f.carol, f.erin]) await cash.connect(who).approve(f.settlementAddress, ethers.MaxUint256);
  return cash;
}

const reentrantCash = async (f: MarketFixture) =>
  fundCash(f, await (await ethers.getContractFactory("MarketReentrantCashTokenMock")).deploy()) as Promise<MarketReentrantCashTokenMock>;
const feeOnTransferCash = async (f: MarketFixture) =>
  fundCash(f, await (await ethers.getContractFactory("MarketFeeOnTransferTokenMock")).deploy()) as Promise<MarketFeeOnTransferTokenMock>;

describe("Settlement security (checklist section E)", () => {
  describe("E1: atomicity: either leg failing reverts both, nothing left in escrow", () => {
    it("E1: a buyer the token refuses (not whitelisted) gets the token's reason code and nothing moves", async () => {
      const f = await loadFixture(marketFixture);
      await f.cash.mint(f.outsider.address, 1000n * USD);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      expect(await f.token.detectTransferRestriction(f.alice.address, f.outsider.address, E18)).to.equal(CODE.RECIPIENT_NOT_VERIFIED);
      const before = await holdings(f, undefined, [f.hash(sell)]);
      await expect(f.settlement.connect(f.outsider).fill(await fillOf(f, sell), 0))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted")
        .withArgs(CODE.RECIPIENT_NOT_VERIFIED);
      expect(await holdings(f, undefined, [f.hash(sell)])).to.deep.equal(before);
    });

    it("E1: a frozen seller, and a buyer over the token's balance cap, revert with the token's reason", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, 10n * E18, 10n * USD);
      const before = await holdings(f, undefined, [f.hash(sell)]);
      await f.agentToken.setAddressFrozen(f.alice.address, true);
      await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted")
        .withArgs(CODE.SENDER_FROZEN);
      await f.agentToken.setAddressFrozen(f.alice.address, false);
      await f.agentToken.setMaxBalance(5n * E18);
      await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted")
        .withArgs(CODE.MAX_BALANCE_EXCEEDED);
      expect(await holdings(f, undefined, [f.hash(sell)])).to.deep.equal(before);
    });

    it("E1: a cash leg that fails (buyer short of cash) reverts the token leg already made", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, 10n * E18, 10n * USD);
      await f.cash.connect(f.dave).approve(f.settlementAddress, ethers.MaxUint256);
      const before = await holdings(f, undefined, [f.hash(sell)]);
      await expect(f.settlement.connect(f.dave).fill(await fillOf(f, sell), 0))
        .to.be.revertedWithCustomError(f.cash, "ERC20InsufficientBalance")
        .withArgs(f.dave.address, 0n, 100n * USD);
      expect(await holdings(f, undefined, [f.hash(sell)])).to.deep.equal(before);
      expect(await f.token.balanceOf(f.settlementAddress)).to.equal(0n);
    });
  });

  it("A10: while the token is paused, a settlement is refused with the token's PAUSED code", async () => {
    const f = await loadFixture(marketFixture);
    const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
    await f.agentToken.pause();
    const before = await holdings(f, undefined, [f.hash(sell)]);
    await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted")
      .withArgs(CODE.PAUSED);
    expect(await holdings(f, undefined, [f.hash(sell)])).to.deep.equal(before);
    await f.agentToken.unpause();
    await f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0);
  });

  it("E2, A11: compliance is checked again at settlement: a buyer suspended after signing is refused, and accepted once active again", async () => {
    const f = await loadFixture(marketFixture);
    const ask = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
    const bid = await f.order(f.bob, SIDE.BUY, E18, 10n * USD);
    const trade = { maker: ask, makerSignature: await f.sign(f.alice, ask), taker: bid, takerSignature: await f.sign(f.bob, bid), amount: E18 };
    await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("bob"), STATUS.SUSPENDED);
    const code = await f.token.detectTransferRestriction(f.alice.address, f.bob.address, E18);
    expect(code).to.not.equal(CODE.SUCCESS);
    const before = await holdings(f, undefined, [f.hash(ask), f.hash(bid)]);
    await expect(f.settlement.connect(f.operator).settle([trade]))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted")
      .withArgs(code);
    expect(await holdings(f, undefined, [f.hash(ask), f.hash(bid)])).to.deep.equal(before);
    await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("bob"), STATUS.ACTIVE);
    await f.settlement.connect(f.operator).settle([trade]);
    expect(await f.token.balanceOf(f.bob.address)).to.equal(E18);
  });

  it("E3: a maker cannot change a pending fill's price: the signed order fixes it, a re-signed order voids the old one", async () => {
    const f = await loadFixture(marketFixture);
    const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
    const pending = await fillOf(f, sell);
    // The seller tries to reprice: a tampered copy fails the signature...
    await expect(f.settlement.connect(f.bob).fill([{ ...pending[0]!, order: { ...sell, price: 20n * USD } }], 0))
      .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature");
    // ...and cancelling to re-sign higher makes the pending fill revert instead of paying more.
    await f.settlement.connect(f.alice).cancel(sell.nonce);
    const before = await holdings(f);
    await expect(f.settlement.connect(f.bob).fill(pending, 0)).to.be.revertedWithCustomError(f.settlement, "SettlementNonceUsed");
    expect(await holdings(f)).to.deep.equal(before);
    // An uncancelled order fills at exactly its signed price.
    const again = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
    await f.settlement.connect(f.bob).fill(await fillOf(f, again), 0);
    expect(await f.cash.balanceOf(f.bob.address)).to.equal(before["bob.DUSD"]! - 10n * USD);
  });

  it("E4: a stale order: the seller moved its tokens away (balance error), revoked its allowance (allowance error); it fills again once both are back", async () => {
    const f = await loadFixture(marketFixture);
    const sell = await f.order(f.alice, SIDE.SELL, 10n * E18, 10n * USD);
    await f.token.connect(f.alice).transfer(f.erin.address, 995n * E18);
    const before = await holdings(f, undefined, [f.hash(sell)]);
    await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
      .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance")
      .withArgs(f.alice.address, 5n * E18, 10n * E18);
    await f.token.connect(f.alice).approve(f.settlementAddress, 0n);
    await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
      .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
      .withArgs(f.settlementAddress, 0n, 10n * E18);
    expect(await holdings(f, undefined, [f.hash(sell)])).to.deep.equal(before);
    // By design a signed order stays valid until filled, cancelled or expired: the server hides it meanwhile.
    await f.token.connect(f.erin).transfer(f.alice.address, 995n * E18);
    await f.token.connect(f.alice).approve(f.settlementAddress, ethers.MaxUint256);
    await f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0);
    expect(await f.token.balanceOf(f.bob.address)).to.equal(10n * E18);
  });

  describe("E5: partial fills", () => {
    it("E5: a fill beyond the remaining amount is refused; filled never exceeds signed", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, 3n * E18, 10n * USD);
      await f.settlement.connect(f.bob).fill(await fillOf(f, sell, 2n * E18), 0);
      await expect(f.settlement.connect(f.carol).fill(await fillOf(f, sell, E18 + 1n), 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementOverfill")
        .withArgs(f.hash(sell), E18, E18 + 1n);
      // Two fills of the same order in one call cannot exceed it either.
      const twice = [...(await fillOf(f, sell, E18 / 2n)), ...(await fillOf(f, sell, E18 / 2n + 1n))];
      await expect(f.settlement.connect(f.carol).fill(twice, 0)).to.be.revertedWithCustomError(f.settlement, "SettlementOverfill");
      expect(await f.settlement.filledAmount(f.hash(sell))).to.equal(2n * E18);
    });

    it("E5: many tiny fills cannot extract value: each rounds in the maker's favour, so they cost the taker at least one big fill", async () => {
      const f = await loadFixture(marketFixture);
      const price = 1_000_003n; // 1.000003 cash per token: 0.1 token costs 100,000.3 units
      const sell = await f.order(f.alice, SIDE.SELL, E18, price);
      const buy = await f.order(f.bob, SIDE.BUY, E18, price);
      const pieces = 10;
      const before = await holdings(f);
      for (let i = 0; i < pieces; i++) {
        await f.settlement.connect(f.carol).fill(await fillOf(f, sell, E18 / 10n), 0);
        await f.settlement.connect(f.erin).fill(await fillOf(f, buy, E18 / 10n), 0);
      }
      const after = await holdings(f);
      // The taker buying from the seller paid 10 x ceil(100,000.3) = 1,000,010 > 1,000,003 for the whole.
      expect(before["carol.DUSD"]! - after["carol.DUSD"]!).to.equal(1_000_010n);
      // The taker selling to the buyer received 10 x floor(100,000.3) = 1,000,000 < 1,000,003.
      expect(after["erin.DUSD"]! - before["erin.DUSD"]!).to.equal(1_000_000n);
      expectConserved(before, after);
    });
  });

  describe("E6: signed orders", () => {
    it("E6: replay after a full fill (whole at once or in parts) and after a cancel is refused", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const fills = await fillOf(f, sell);
      await f.settlement.connect(f.bob).fill(fills, 0);
      await expect(f.settlement.connect(f.bob).fill(fills, 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNonceUsed")
        .withArgs(f.hash(sell), f.alice.address, sell.nonce);
      const parts = await f.order(f.alice, SIDE.SELL, 2n * E18, 10n * USD);
      await f.settlement.connect(f.bob).fill([...(await fillOf(f, parts, E18)), ...(await fillOf(f, parts, E18))], 0);
      await expect(f.settlement.connect(f.bob).fill(await fillOf(f, parts, 1n), 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementOrderFilled")
        .withArgs(f.hash(parts));
      const buy = await f.order(f.bob, SIDE.BUY, E18, 10n * USD);
      const buyFills = await fillOf(f, buy, E18 / 2n);
      await f.settlement.connect(f.alice).fill(buyFills, 0);
      await f.settlement.connect(f.bob).cancel(buy.nonce);
      await expect(f.settlement.connect(f.alice).fill(buyFills, 0)).to.be.revertedWithCustomError(f.settlement, "SettlementNonceUsed");
    });

    it("E6: an order signed for another chain or another Settlement does not fill here; one signed here does not fill there", async () => {
      const f = await loadFixture(marketFixture);
      const other = await (await ethers.getContractFactory("Settlement")).deploy(f.owner.address);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const here = await f.sign(f.alice, sell);
      await f.token.connect(f.alice).approve(await other.getAddress(), ethers.MaxUint256);
      await f.cash.connect(f.bob).approve(await other.getAddress(), ethers.MaxUint256);
      await expect(other.connect(f.bob).fill([{ order: sell, signature: here, amount: E18 }], 0)).to.be.revertedWithCustomError(other, "SettlementInvalidSignature");
      const onChain1 = await f.sign(f.alice, sell, { ...f.domain, chainId: 1n });
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: onChain1, amount: E18 }], 0)).to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature");
      expect(await other.hashOrder(sell)).to.not.equal(await f.settlement.hashOrder(sell));
    });

    it("E6: cancel-then-fill race in one block: whichever is mined first wins, the order never fills after its cancel", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const fills = await fillOf(f, sell);
      await ethers.provider.send("evm_setAutomine", [false]);
      let cancelTx, fillTx;
      try {
        cancelTx = await f.settlement.connect(f.alice).cancel(sell.nonce, { gasLimit: 100_000 });
        fillTx = await f.settlement.connect(f.bob).fill(fills, 0, { gasLimit: 500_000 });
        await mine(1);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const [c, x] = await Promise.all([cancelTx!, fillTx!].map((t) => ethers.provider.getTransactionReceipt(t.hash)));
      expect(c!.blockNumber).to.equal(x!.blockNumber);
      expect([c!.status, x!.status]).to.deep.equal([1, 0]);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(0n);
    });
  });

  it("E7: cancels are the maker's own: another wallet's cancel of the same nonce does not touch the order; double cancel emits once; cancelling a filled order does nothing", async () => {
    const f = await loadFixture(marketFixture);
    const sell = await f.order(f.alice, SIDE.SELL, 2n * E18, 10n * USD);
    await expect(f.settlement.connect(f.bob).cancel(sell.nonce)).to.emit(f.settlement, "OrderCancelled").withArgs(f.bob.address, sell.nonce);
    expect(await f.settlement.isNonceUsed(f.alice.address, sell.nonce)).to.equal(false);
    await f.settlement.connect(f.carol).fill(await fillOf(f, sell, E18), 0);
    // Cancelling a partly filled order stops the rest; a second cancel is a no-op without an event.
    await expect(f.settlement.connect(f.alice).cancel(sell.nonce)).to.emit(f.settlement, "OrderCancelled");
    await expect(f.settlement.connect(f.alice).cancel(sell.nonce)).to.not.emit(f.settlement, "OrderCancelled");
    await expect(f.settlement.connect(f.carol).fill(await fillOf(f, sell, E18), 0)).to.be.revertedWithCustomError(f.settlement, "SettlementNonceUsed");
    expect(await f.settlement.filledAmount(f.hash(sell))).to.equal(E18);
    // Cancelling an order already filled whole changes nothing and emits nothing.
    const whole = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
    await f.settlement.connect(f.carol).fill(await fillOf(f, whole), 0);
    await expect(f.settlement.connect(f.alice).cancel(whole.nonce)).to.not.emit(f.settlement, "OrderCancelled");
  });

  it("E8: the fee is bounded (at most 1 % of the price, never more than the cash) and accrues here, so the fee recipient can never block a trade", async () => {
    const f = await loadFixture(marketFixture);
    await f.settlement.setFee(100, f.feeRecipient.address);
    const sell = await f.order(f.alice, SIDE.SELL, 10n * E18, 1n);
    // One cash unit per whole token: a one-unit trade pays no fee at all (rounded down), the seller gets the unit.
    const before = await holdings(f);
    await f.settlement.connect(f.bob).fill(await fillOf(f, sell, E18), 100);
    const after = await holdings(f);
    expect(after["alice.DUSD"]! - before["alice.DUSD"]!).to.equal(1n);
    expect(after["feeRecipient.DUSD"]).to.equal(before["feeRecipient.DUSD"]);
    // At the highest price that fits, the fee is exactly 1 % (no overflow in the fee maths).
    const big = await f.order(f.alice, SIDE.SELL, E18, 100_000n * USD);
    await f.settlement.connect(f.bob).fill(await fillOf(f, big), 100);
    expect(await f.cash.balanceOf(f.settlementAddress)).to.equal(1000n * USD);
    // The trades never paid the fee recipient directly: it pulls the accrued fees.
    expect(await f.cash.balanceOf(f.feeRecipient.address)).to.equal(0n);
    await f.settlement.withdrawFees(await f.cash.getAddress());
    expect(await f.cash.balanceOf(f.feeRecipient.address)).to.equal(1000n * USD);
    // Cash maths is full precision: amount x price may exceed 256 bits before the division.
    expect(await f.settlement.cashFor(sell.token, ethers.MaxUint256, E18, false)).to.equal(ethers.MaxUint256);
  });

  describe("hostile tokens", () => {
    it("a cash token re-entering fill during the payment is refused by the guard; the order fills once", async () => {
      const f = await loadFixture(marketFixture);
      const cash = await reentrantCash(f);
      const sell = await f.order(f.alice, SIDE.SELL, 4n * E18, 10n * USD, { cashToken: await cash.getAddress() });
      const fills = await fillOf(f, sell, 2n * E18);
      await cash.arm(f.settlementAddress, f.settlement.interface.encodeFunctionData("fill", [fills, 0]));
      await f.settlement.connect(f.bob).fill(fills, 0);
      expect(await cash.reentryAttempted()).to.equal(true);
      expect(await cash.reentrySucceeded()).to.equal(false);
      expect((await cash.reentryReturnData()).slice(0, 10)).to.equal(f.settlement.interface.getError("ReentrancyGuardReentrantCall")!.selector);
      expect(await f.settlement.filledAmount(f.hash(sell))).to.equal(2n * E18);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(2n * E18);
      expect(await cash.balanceOf(f.alice.address)).to.equal(20n * USD);
    });

    it("a cash token re-entering settle or withdrawFees is refused by the guard", async () => {
      const f = await loadFixture(marketFixture);
      const cash = await reentrantCash(f);
      await f.settlement.grantRole(await f.settlement.OPERATOR_ROLE(), await cash.getAddress());
      const ask = await f.order(f.alice, SIDE.SELL, 4n * E18, 10n * USD, { cashToken: await cash.getAddress() });
      const bid = await f.order(f.bob, SIDE.BUY, 4n * E18, 10n * USD, { cashToken: await cash.getAddress() });
      const trade = { maker: ask, makerSignature: await f.sign(f.alice, ask), taker: bid, takerSignature: await f.sign(f.bob, bid), amount: 2n * E18 };
      // Even holding the operator role, the token cannot settle a second time while the first settlement runs.
      await cash.arm(f.settlementAddress, f.settlement.interface.encodeFunctionData("settle", [[trade]]));
      await f.settlement.connect(f.operator).settle([trade]);
      expect(await cash.reentrySucceeded()).to.equal(false);
      expect(await f.settlement.filledAmount(f.hash(ask))).to.equal(2n * E18);
      await f.settlement.setFee(100, f.feeRecipient.address);
      await cash.arm(f.settlementAddress, f.settlement.interface.encodeFunctionData("withdrawFees", [await cash.getAddress()]));
      await f.settlement.connect(f.operator).settle([trade]);
      expect(await cash.reentrySucceeded()).to.equal(false);
      expect(await cash.balanceOf(f.settlementAddress)).to.equal(20n * USD / 100n);
    });

    it("a fee-on-transfer cash token is refused: the seller would receive less than the price", async () => {
      const f = await loadFixture(marketFixture);
      const cash = await feeOnTransferCash(f);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { cashToken: await cash.getAddress() });
      const before = await holdings(f, [f.token, cash]);
      await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementCashShortfall")
        .withArgs(await cash.getAddress(), 10n * USD, 9_900_000n);
      expect(await holdings(f, [f.token, cash])).to.deep.equal(before);
    });

    it("a lying cash token (claims success, moves nothing) and tokens returning false are refused", async () => {
      const f = await loadFixture(marketFixture);
      const lie = await (await ethers.getContractFactory("MarketLyingTokenMock")).deploy(6);
      await lie.mint(f.bob.address, 1000n * USD);
      await lie.connect(f.bob).approve(f.settlementAddress, ethers.MaxUint256);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { cashToken: await lie.getAddress() });
      const before = await holdings(f, [f.token, lie]);
      await lie.setMode(2); // PretendSuccess
      await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementCashShortfall")
        .withArgs(await lie.getAddress(), 10n * USD, 0n);
      await lie.setMode(1); // ReturnFalse
      await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sell), 0))
        .to.be.revertedWithCustomError(f.settlement, "SafeERC20FailedOperation")
        .withArgs(await lie.getAddress());
      expect(await holdings(f, [f.token, lie])).to.deep.equal(before);

      // As the security token: a transferFrom returning false never lets the cash move.
      const lyingShare = await (await ethers.getContractFactory("MarketLyingTokenMock")).deploy(18);
      await lyingShare.mint(f.alice.address, E18);
      await lyingShare.connect(f.alice).approve(f.settlementAddress, ethers.MaxUint256);
      await lyingShare.setMode(1);
      const sellLie = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { token: await lyingShare.getAddress() });
      const beforeCash = await holdings(f);
      await expect(f.settlement.connect(f.bob).fill(await fillOf(f, sellLie), 0))
        .to.be.revertedWithCustomError(f.settlement, "SafeERC20FailedOperation")
        .withArgs(await lyingShare.getAddress());
      expect(await holdings(f)).to.deep.equal(beforeCash);
    });
  });
});
