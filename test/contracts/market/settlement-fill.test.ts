import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { E18, SIDE, USD, expectConserved, holdings, marketFixture } from "./fixture";

describe("Settlement fill", () => {
  it("delivers a sell order's tokens to the taker and its cash to the maker, in one transaction", async () => {
    const f = await loadFixture(marketFixture);
    const sell = await f.order(f.alice, SIDE.SELL, 10n * E18, 25n * USD);
    const signature = await f.sign(f.alice, sell);
    const h = f.hash(sell);
    const before = await holdings(f);

    await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: 10n * E18 }], 0))
      .to.emit(f.settlement, "TradeExecuted")
      .withArgs(h, ethers.ZeroHash, sell.token, f.bob.address, f.alice.address, sell.cashToken, 10n * E18, 25n * USD, 250n * USD, 0n);

    const after = await holdings(f);
    expect(after["alice.FMS"]).to.equal(before["alice.FMS"]! - 10n * E18);
    expect(after["bob.FMS"]).to.equal(10n * E18);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 250n * USD);
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - 250n * USD);
    expectConserved(before, after);
    // Filled whole in one trade: the order's nonce is used, nothing is left of it.
    expect(await f.settlement.remainingAmount(sell)).to.equal(0n);
    expect(await f.settlement.isNonceUsed(f.alice.address, sell.nonce)).to.equal(true);
    expect(await f.settlement.hashOrder(sell)).to.equal(h);
  });

  it("takes a buy order's cash and delivers the taker's tokens to the maker", async () => {
    const f = await loadFixture(marketFixture);
    const buy = await f.order(f.bob, SIDE.BUY, 4n * E18, 30n * USD);
    const before = await holdings(f);
    await f.settlement.connect(f.alice).fill([{ order: buy, signature: await f.sign(f.bob, buy), amount: 4n * E18 }], 0);
    const after = await holdings(f);
    expect(after["bob.FMS"]).to.equal(4n * E18);
    expect(after["alice.FMS"]).to.equal(before["alice.FMS"]! - 4n * E18);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 120n * USD);
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - 120n * USD);
    expectConserved(before, after);
  });

  it("fills an order in parts, tracks the filled amount per order hash and refuses to go beyond it", async () => {
    const f = await loadFixture(marketFixture);
    const sell = await f.order(f.alice, SIDE.SELL, 10n * E18, 2n * USD);
    const signature = await f.sign(f.alice, sell);
    const h = f.hash(sell);
    await f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: 3n * E18 }], 0);
    await f.settlement.connect(f.carol).fill([{ order: sell, signature, amount: 5n * E18 }], 0);
    expect(await f.settlement.filledAmount(h)).to.equal(8n * E18);
    expect(await f.settlement.remainingAmount(sell)).to.equal(2n * E18);

    await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: 3n * E18 }], 0))
      .to.be.revertedWithCustomError(f.settlement, "SettlementOverfill")
      .withArgs(h, 2n * E18, 3n * E18);
    await f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: 2n * E18 }], 0);
    await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: 1n }], 0))
      .to.be.revertedWithCustomError(f.settlement, "SettlementOrderFilled")
      .withArgs(h);
    expect(await f.token.balanceOf(f.bob.address)).to.equal(5n * E18);
    expect(await f.token.balanceOf(f.carol.address)).to.equal(5n * E18);
    expect(await f.cash.balanceOf(f.alice.address)).to.equal(1_000_000n * USD + 20n * USD);
  });

  it("fills several orders of two makers atomically in one call", async () => {
    const f = await loadFixture(marketFixture);
    const sellA = await f.order(f.alice, SIDE.SELL, 5n * E18, 10n * USD);
    const sellE = await f.order(f.erin, SIDE.SELL, 5n * E18, 11n * USD);
    const before = await holdings(f);
    const tx = f.settlement.connect(f.bob).fill(
      [
        { order: sellA, signature: await f.sign(f.alice, sellA), amount: 5n * E18 },
        { order: sellE, signature: await f.sign(f.erin, sellE), amount: 2n * E18 },
      ],
      0,
    );
    await expect(tx).to.emit(f.settlement, "TradeExecuted").withArgs(f.hash(sellA), ethers.ZeroHash, sellA.token, f.bob.address, f.alice.address, sellA.cashToken, 5n * E18, 10n * USD, 50n * USD, 0n);
    await expect(tx).to.emit(f.settlement, "TradeExecuted").withArgs(f.hash(sellE), ethers.ZeroHash, sellE.token, f.bob.address, f.erin.address, sellE.cashToken, 2n * E18, 11n * USD, 22n * USD, 0n);
    const after = await holdings(f);
    expect(after["bob.FMS"]).to.equal(7n * E18);
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - 72n * USD);
    expectConserved(before, after);
  });

  it("takes the platform fee from the seller's proceeds into the Settlement and pays it out to the fee recipient", async () => {
    const f = await loadFixture(marketFixture);
    await expect(f.settlement.setFee(25, f.feeRecipient.address)).to.emit(f.settlement, "FeeSet").withArgs(25, f.feeRecipient.address);
    const sell = await f.order(f.alice, SIDE.SELL, 10n * E18, 25n * USD);
    const before = await holdings(f);
    await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.alice, sell), amount: 10n * E18 }], 25))
      .to.emit(f.settlement, "TradeExecuted")
      .withArgs(f.hash(sell), ethers.ZeroHash, sell.token, f.bob.address, f.alice.address, sell.cashToken, 10n * E18, 25n * USD, 250n * USD, 625_000n);
    const after = await holdings(f);
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - 250n * USD);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 250n * USD - 625_000n);
    expect(after["settlement.DUSD"]).to.equal(625_000n);
    expectConserved(before, after);

    await expect(f.settlement.connect(f.outsider).withdrawFees(await f.cash.getAddress()))
      .to.emit(f.settlement, "FeesWithdrawn")
      .withArgs(await f.cash.getAddress(), f.feeRecipient.address, 625_000n);
    expect(await f.cash.balanceOf(f.feeRecipient.address)).to.equal(625_000n);
    await expect(f.settlement.withdrawFees(await f.cash.getAddress()))
      .to.be.revertedWithCustomError(f.settlement, "SettlementNoFees");
  });

  it("caps the fee at MAX_FEE_BPS (1 %) and lets only the admin set it", async () => {
    const f = await loadFixture(marketFixture);
    expect(await f.settlement.MAX_FEE_BPS()).to.equal(100);
    await expect(f.settlement.setFee(101, f.feeRecipient.address))
      .to.be.revertedWithCustomError(f.settlement, "SettlementFeeTooHigh")
      .withArgs(101, 100);
    await expect(f.settlement.setFee(10, ethers.ZeroAddress))
      .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidFeeRecipient")
      .withArgs(ethers.ZeroAddress);
    await expect(f.settlement.connect(f.operator).setFee(10, f.feeRecipient.address))
      .to.be.revertedWithCustomError(f.settlement, "AccessControlUnauthorizedAccount")
      .withArgs(f.operator.address, ethers.ZeroHash);
    expect(await f.settlement.fee()).to.deep.equal([0n, ethers.ZeroAddress]);
    await f.settlement.setFee(100, f.feeRecipient.address);
    expect(await f.settlement.fee()).to.deep.equal([100n, f.feeRecipient.address]);
  });

  it("refuses a fill when the fee was raised above the taker's limit while its transaction was pending", async () => {
    const f = await loadFixture(marketFixture);
    await f.settlement.setFee(50, f.feeRecipient.address);
    const buy = await f.order(f.bob, SIDE.BUY, 1n * E18, 10n * USD);
    const before = await holdings(f);
    await expect(f.settlement.connect(f.alice).fill([{ order: buy, signature: await f.sign(f.bob, buy), amount: E18 }], 20))
      .to.be.revertedWithCustomError(f.settlement, "SettlementFeeAboveLimit")
      .withArgs(50, 20);
    expect(await holdings(f)).to.deep.equal(before);
  });

  it("refuses an empty fill and an empty settlement", async () => {
    const f = await loadFixture(marketFixture);
    await expect(f.settlement.connect(f.bob).fill([], 0)).to.be.revertedWithCustomError(f.settlement, "SettlementNoTrades");
    await expect(f.settlement.connect(f.operator).settle([])).to.be.revertedWithCustomError(f.settlement, "SettlementNoTrades");
  });
});
