import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { E18, SIDE, USD, expectConserved, holdings, marketFixture, type MarketFixture, type Order } from "./fixture";
import type { Signer } from "ethers";

/** A settle() trade: the resting (maker) order against the incoming (taker) order. */
async function trade(f: MarketFixture, maker: [Signer, Order], taker: [Signer, Order], amount: bigint) {
  return {
    maker: maker[1],
    makerSignature: await f.sign(maker[0], maker[1]),
    taker: taker[1],
    takerSignature: await f.sign(taker[0], taker[1]),
    amount,
  };
}

describe("Settlement settle", () => {
  it("settles a matched trade at the resting sell order's price, not the higher incoming bid", async () => {
    const f = await loadFixture(marketFixture);
    const ask = await f.order(f.alice, SIDE.SELL, 10n * E18, 20n * USD);
    const bid = await f.order(f.bob, SIDE.BUY, 10n * E18, 22n * USD);
    const before = await holdings(f);
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.alice, ask], [f.bob, bid], 10n * E18)]))
      .to.emit(f.settlement, "TradeExecuted")
      .withArgs(f.hash(ask), f.hash(bid), ask.token, f.bob.address, f.alice.address, ask.cashToken, 10n * E18, 20n * USD, 200n * USD, 0n);
    const after = await holdings(f);
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - 200n * USD);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 200n * USD);
    expect(after["bob.FMS"]).to.equal(10n * E18);
    expectConserved(before, after);
    expect(await f.settlement.remainingAmount(ask)).to.equal(0n);
    expect(await f.settlement.remainingAmount(bid)).to.equal(0n);
  });

  it("settles at the resting buy order's price when the incoming order sells lower", async () => {
    const f = await loadFixture(marketFixture);
    const bid = await f.order(f.bob, SIDE.BUY, 10n * E18, 22n * USD);
    const ask = await f.order(f.alice, SIDE.SELL, 4n * E18, 19n * USD);
    const before = await holdings(f);
    await f.settlement.connect(f.operator).settle([await trade(f, [f.bob, bid], [f.alice, ask], 4n * E18)]);
    const after = await holdings(f);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 88n * USD);
    expect(await f.settlement.filledAmount(f.hash(bid))).to.equal(4n * E18);
    expectConserved(before, after);
  });

  it("settles a batch of trades (one order partly filled across several) atomically", async () => {
    const f = await loadFixture(marketFixture);
    const bid = await f.order(f.bob, SIDE.BUY, 10n * E18, 30n * USD);
    const askA = await f.order(f.alice, SIDE.SELL, 3n * E18, 28n * USD);
    const askE = await f.order(f.erin, SIDE.SELL, 5n * E18, 29n * USD);
    const bid2 = await f.order(f.carol, SIDE.BUY, 2n * E18, 29n * USD);
    const askA2 = await f.order(f.alice, SIDE.SELL, 2n * E18, 29n * USD);
    const before = await holdings(f);
    const tx = f.settlement.connect(f.operator).settle([
      await trade(f, [f.alice, askA], [f.bob, bid], 3n * E18),
      await trade(f, [f.erin, askE], [f.bob, bid], 5n * E18),
      await trade(f, [f.carol, bid2], [f.alice, askA2], 2n * E18),
    ]);
    await expect(tx).to.emit(f.settlement, "TradeExecuted").withArgs(f.hash(askA), f.hash(bid), askA.token, f.bob.address, f.alice.address, askA.cashToken, 3n * E18, 28n * USD, 84n * USD, 0n);
    await expect(tx).to.emit(f.settlement, "TradeExecuted").withArgs(f.hash(askE), f.hash(bid), askA.token, f.bob.address, f.erin.address, askA.cashToken, 5n * E18, 29n * USD, 145n * USD, 0n);
    await expect(tx).to.emit(f.settlement, "TradeExecuted").withArgs(f.hash(bid2), f.hash(askA2), askA.token, f.carol.address, f.alice.address, askA.cashToken, 2n * E18, 29n * USD, 58n * USD, 0n);
    const after = await holdings(f);
    expect(after["bob.FMS"]).to.equal(8n * E18);
    expect(after["carol.FMS"]).to.equal(2n * E18);
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - (84n + 145n) * USD);
    expect(await f.settlement.filledAmount(f.hash(bid))).to.equal(8n * E18);
    expect(await f.settlement.remainingAmount(bid)).to.equal(2n * E18);
    expect(await f.settlement.remainingAmount(askE)).to.equal(0n);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + (84n + 58n) * USD);
    expect(after["carol.DUSD"]).to.equal(before["carol.DUSD"]! - 58n * USD);
    expectConserved(before, after);
  });

  it("reverts the whole batch, moving nothing, when one trade in it is refused", async () => {
    const f = await loadFixture(marketFixture);
    const bid = await f.order(f.bob, SIDE.BUY, 10n * E18, 30n * USD);
    const askA = await f.order(f.alice, SIDE.SELL, 3n * E18, 28n * USD);
    const askE = await f.order(f.erin, SIDE.SELL, 5n * E18, 29n * USD);
    const before = await holdings(f, undefined, [f.hash(bid), f.hash(askA), f.hash(askE)]);
    await expect(
      f.settlement.connect(f.operator).settle([
        await trade(f, [f.alice, askA], [f.bob, bid], 3n * E18),
        await trade(f, [f.erin, askE], [f.bob, bid], 6n * E18),
      ]),
    )
      .to.be.revertedWithCustomError(f.settlement, "SettlementOverfill")
      .withArgs(f.hash(askE), 5n * E18, 6n * E18);
    expect(await holdings(f, undefined, [f.hash(bid), f.hash(askA), f.hash(askE)])).to.deep.equal(before);
  });

  it("lets only the operator settle", async () => {
    const f = await loadFixture(marketFixture);
    const ask = await f.order(f.alice, SIDE.SELL, E18, 20n * USD);
    const bid = await f.order(f.bob, SIDE.BUY, E18, 20n * USD);
    const t = await trade(f, [f.alice, ask], [f.bob, bid], E18);
    const role = await f.settlement.OPERATOR_ROLE();
    for (const who of [f.bob, f.alice, f.owner, f.tokenAgent]) {
      await expect(f.settlement.connect(who).settle([t]))
        .to.be.revertedWithCustomError(f.settlement, "AccessControlUnauthorizedAccount")
        .withArgs(who.address, role);
    }
    await f.settlement.connect(f.operator).settle([t]);
  });

  it("refuses a pair that does not cross: the incoming buy's limit is below the resting ask", async () => {
    const f = await loadFixture(marketFixture);
    const ask = await f.order(f.alice, SIDE.SELL, E18, 20n * USD);
    const bid = await f.order(f.bob, SIDE.BUY, E18, 19n * USD);
    const before = await holdings(f);
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.alice, ask], [f.bob, bid], E18)]))
      .to.be.revertedWithCustomError(f.settlement, "SettlementLimitPriceExceeded")
      .withArgs(f.hash(bid), 20n * USD, 19n * USD);
    const ask2 = await f.order(f.alice, SIDE.SELL, E18, 21n * USD);
    const bid2 = await f.order(f.bob, SIDE.BUY, E18, 20n * USD);
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.bob, bid2], [f.alice, ask2], E18)]))
      .to.be.revertedWithCustomError(f.settlement, "SettlementLimitPriceExceeded")
      .withArgs(f.hash(ask2), 20n * USD, 21n * USD);
    expect(await holdings(f)).to.deep.equal(before);
  });

  it("refuses two orders on the same side, on different tokens or different cash, and a self-trade", async () => {
    const f = await loadFixture(marketFixture);
    const before = await holdings(f);
    const bidB = await f.order(f.bob, SIDE.BUY, E18, 20n * USD);
    const bidC = await f.order(f.carol, SIDE.BUY, E18, 20n * USD);
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.bob, bidB], [f.carol, bidC], E18)]))
      .to.be.revertedWithCustomError(f.settlement, "SettlementOrdersMismatch")
      .withArgs(f.hash(bidB), f.hash(bidC));
    const askOtherCash = await f.order(f.alice, SIDE.SELL, E18, 20n * USD, { cashToken: f.outsider.address });
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.alice, askOtherCash], [f.bob, bidB], E18)]))
      .to.be.revertedWithCustomError(f.settlement, "SettlementOrdersMismatch");
    const askOtherToken = await f.order(f.alice, SIDE.SELL, E18, 20n * USD, { token: await f.cash.getAddress() });
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.alice, askOtherToken], [f.bob, bidB], E18)]))
      .to.be.revertedWithCustomError(f.settlement, "SettlementOrdersMismatch");
    const askAlice = await f.order(f.alice, SIDE.SELL, E18, 20n * USD);
    const bidAlice = await f.order(f.alice, SIDE.BUY, E18, 20n * USD);
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.alice, askAlice], [f.alice, bidAlice], E18)]))
      .to.be.revertedWithCustomError(f.settlement, "SettlementSelfTrade")
      .withArgs(f.alice.address);
    await expect(f.settlement.connect(f.alice).fill([{ order: askAlice, signature: await f.sign(f.alice, askAlice), amount: E18 }], 0))
      .to.be.revertedWithCustomError(f.settlement, "SettlementSelfTrade")
      .withArgs(f.alice.address);
    expect(await holdings(f)).to.deep.equal(before);
  });

  it("takes the fee from the seller in a settled trade too", async () => {
    const f = await loadFixture(marketFixture);
    await f.settlement.setFee(100, f.feeRecipient.address);
    const ask = await f.order(f.alice, SIDE.SELL, E18, 99n * USD + 99n);
    const bid = await f.order(f.bob, SIDE.BUY, E18, 100n * USD);
    const before = await holdings(f);
    await f.settlement.connect(f.operator).settle([await trade(f, [f.alice, ask], [f.bob, bid], E18)]);
    const after = await holdings(f);
    const cash = 99n * USD + 99n;
    const fee = (cash * 100n) / 10_000n; // rounded down: in the seller's favour
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - cash);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + cash - fee);
    expect(after["settlement.DUSD"]).to.equal(fee);
    expectConserved(before, after);
    expect(fee).to.equal(990_000n); // 990,000.99 rounded down
  });

  it("settles a trade worth one cash unit, and refuses one whose cash rounds down to nothing", async () => {
    const f = await loadFixture(marketFixture);
    // 10^-6 of a share at 1 USD: exactly 1 base unit of the 6-decimal cash token.
    const ask = await f.order(f.alice, SIDE.SELL, E18, USD);
    const bid = await f.order(f.bob, SIDE.BUY, E18, USD);
    const before = await holdings(f);
    await f.settlement.connect(f.operator).settle([await trade(f, [f.alice, ask], [f.bob, bid], 10n ** 12n)]);
    const after = await holdings(f);
    expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - 1n);
    expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 1n);
    expectConserved(before, after);

    // One share unit less: the resting buy rounds its cash down to 0.
    await expect(f.settlement.connect(f.operator).settle([await trade(f, [f.bob, bid], [f.alice, ask], 10n ** 12n - 1n)]))
      .to.be.revertedWithCustomError(f.settlement, "SettlementZeroCash")
      .withArgs(f.hash(bid), 10n ** 12n - 1n);
    expect(await holdings(f)).to.deep.equal(after);
  });
});
