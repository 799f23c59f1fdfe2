import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { COUNTRY, E18, ORDER_TYPES, SIDE, USD, holdings, investorId, issueToken, marketFixture } from "./fixture";

describe("Settlement orders: signatures, cancels, nonces, expiry, halts, rounding", () => {
  describe("signatures", () => {
    it("refuses an order signed by someone other than its maker", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const before = await holdings(f);
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.bob, sell), amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature")
        .withArgs(f.hash(sell), f.alice.address);
      expect(await holdings(f)).to.deep.equal(before);
    });

    it("refuses a signature over a domain with another chain id or another contract", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const other = await (await ethers.getContractFactory("Settlement")).deploy(f.owner.address);
      const before = await holdings(f);
      for (const domain of [{ ...f.domain, chainId: 1n }, { ...f.domain, verifyingContract: await other.getAddress() }, { ...f.domain, version: "2" }]) {
        await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.alice, sell, domain), amount: E18 }], 0))
          .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature")
          .withArgs(f.hash(sell), f.alice.address);
      }
      expect(await holdings(f)).to.deep.equal(before);
      const { chainId, verifyingContract, name, version } = await f.settlement.eip712Domain();
      expect([name, version, chainId, verifyingContract]).to.deep.equal(["Folio Settlement", "1", 31337n, f.settlementAddress]);
    });

    it("refuses the malleable twin (s above n/2) of a valid signature, and accepts the original", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const signature = ethers.Signature.from(await f.sign(f.alice, sell));
      const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const twin = ethers.concat([signature.r, ethers.toBeHex(n - BigInt(signature.s), 32), ethers.toBeHex(signature.v === 27 ? 28 : 27, 1)]);
      // The twin (r, n - s, flipped v) recovers the same address with a bare ecrecover: only the low-s rule refuses it.
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: twin, amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature");
      await f.settlement.connect(f.bob).fill([{ order: sell, signature: signature.serialized, amount: E18 }], 0);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(E18);
    });

    it("refuses a signature over a changed order (another price) and one over another type", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const signature = await f.sign(f.alice, sell);
      const cheaper = { ...sell, price: 1n * USD };
      await expect(f.settlement.connect(f.bob).fill([{ order: cheaper, signature, amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature")
        .withArgs(f.hash(cheaper), f.alice.address);
      const wrongTypes = { Order: [...ORDER_TYPES.Order].reverse() };
      const wrongTypeSig = await f.alice.signTypedData(f.domain, wrongTypes, sell);
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: wrongTypeSig, amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature");
    });

    it("accepts an ERC-1271 wallet's signature and refuses a wrong or revoked one", async () => {
      const f = await loadFixture(marketFixture);
      const wallet = await (await ethers.getContractFactory("MarketERC1271WalletMock")).deploy(f.dave.address);
      const walletAddress = await wallet.getAddress();
      await f.registry.connect(f.kycAgent).registerInvestor(investorId("contract-wallet"), walletAddress, COUNTRY.FR, f.kycUntil, 0);
      await f.cash.mint(walletAddress, 1000n * USD);
      await wallet.connect(f.dave).execute(await f.cash.getAddress(), f.cash.interface.encodeFunctionData("approve", [f.settlementAddress, ethers.MaxUint256]));

      const buy = await f.order(wallet, SIDE.BUY, 2n * E18, 10n * USD);
      const before = await holdings(f);
      await expect(f.settlement.connect(f.alice).fill([{ order: buy, signature: await f.sign(f.carol, buy), amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature")
        .withArgs(f.hash(buy), walletAddress);
      expect(await holdings(f)).to.deep.equal(before);

      const signature = await f.sign(f.dave, buy); // the wallet's owner key
      await f.settlement.connect(f.alice).fill([{ order: buy, signature, amount: E18 }], 0);
      expect(await f.token.balanceOf(walletAddress)).to.equal(E18);
      expect(await f.cash.balanceOf(walletAddress)).to.equal(990n * USD);

      await wallet.connect(f.dave).setAccepting(false); // contract signatures are revocable
      await expect(f.settlement.connect(f.alice).fill([{ order: buy, signature, amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementInvalidSignature");
    });
  });

  describe("cancels and nonces", () => {
    it("a maker cancels one order by its nonce; the order never fills; a second cancel changes nothing and emits nothing", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      const other = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      await expect(f.settlement.connect(f.alice).cancel(sell.nonce)).to.emit(f.settlement, "OrderCancelled").withArgs(f.alice.address, sell.nonce);
      expect(await f.settlement.isNonceUsed(f.alice.address, sell.nonce)).to.equal(true);
      await expect(f.settlement.connect(f.alice).cancel(sell.nonce)).to.not.emit(f.settlement, "OrderCancelled");
      const before = await holdings(f);
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.alice, sell), amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNonceUsed")
        .withArgs(f.hash(sell), f.alice.address, sell.nonce);
      expect(await holdings(f)).to.deep.equal(before);
      await f.settlement.connect(f.bob).fill([{ order: other, signature: await f.sign(f.alice, other), amount: E18 }], 0);
    });

    it("a maker cancels everything below a nonce, which must go up", async () => {
      const f = await loadFixture(marketFixture);
      const low = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { nonce: 5n });
      const high = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { nonce: 10n });
      await expect(f.settlement.connect(f.alice).cancelUpTo(10n)).to.emit(f.settlement, "NoncesCancelled").withArgs(f.alice.address, 10n);
      expect(await f.settlement.minNonce(f.alice.address)).to.equal(10n);
      await expect(f.settlement.connect(f.alice).cancelUpTo(10n))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNonceNotIncreased")
        .withArgs(10n, 10n);
      await expect(f.settlement.connect(f.alice).cancelUpTo(3n))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNonceNotIncreased")
        .withArgs(10n, 3n);
      expect(await f.settlement.isNonceUsed(f.alice.address, 5n)).to.equal(true);
      expect(await f.settlement.isNonceUsed(f.alice.address, 10n)).to.equal(false);
      await expect(f.settlement.connect(f.bob).fill([{ order: low, signature: await f.sign(f.alice, low), amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNonceUsed")
        .withArgs(f.hash(low), f.alice.address, 5n);
      await f.settlement.connect(f.bob).fill([{ order: high, signature: await f.sign(f.alice, high), amount: E18 }], 0);
    });

    it("nonceBitmap holds bit nonce % 256 of word nonce / 256 for cancels and whole fills, and agrees with isNonceUsed", async () => {
      const f = await loadFixture(marketFixture);
      const word = (nonce: bigint) => f.settlement.nonceBitmap(f.alice.address, nonce >> 8n);
      expect(await word(0n)).to.equal(0n);
      await f.settlement.connect(f.alice).cancel(3n);
      await f.settlement.connect(f.alice).cancel(255n);
      await f.settlement.connect(f.alice).cancel(256n + 7n);
      const filled = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { nonce: 9n });
      await f.settlement.connect(f.bob).fill([{ order: filled, signature: await f.sign(f.alice, filled), amount: E18 }], 0);
      expect(await word(0n)).to.equal((1n << 3n) | (1n << 9n) | (1n << 255n));
      expect(await word(256n)).to.equal(1n << 7n);
      // Another maker's words are its own.
      expect(await f.settlement.nonceBitmap(f.bob.address, 0n)).to.equal(0n);
      await f.settlement.connect(f.alice).cancelUpTo(5n);
      for (const nonce of [0n, 3n, 4n, 5n, 8n, 9n, 10n, 255n, 256n, 263n, 264n]) {
        const bit = ((await word(nonce)) >> (nonce & 255n)) & 1n;
        const used = nonce < (await f.settlement.minNonce(f.alice.address)) || bit === 1n;
        expect(await f.settlement.isNonceUsed(f.alice.address, nonce), `nonce ${nonce}`).to.equal(used);
      }
    });

    it("a whole-order fill uses the order's nonce: another order signed with the same nonce no longer fills", async () => {
      const f = await loadFixture(marketFixture);
      const first = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { nonce: 42n });
      const sameNonce = await f.order(f.alice, SIDE.SELL, 2n * E18, 11n * USD, { nonce: 42n });
      expect(await f.settlement.remainingAmount(sameNonce)).to.equal(2n * E18);
      await f.settlement.connect(f.bob).fill([{ order: first, signature: await f.sign(f.alice, first), amount: E18 }], 0);
      expect(await f.settlement.remainingAmount(sameNonce)).to.equal(0n);
      await expect(f.settlement.connect(f.bob).fill([{ order: sameNonce, signature: await f.sign(f.alice, sameNonce), amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNonceUsed")
        .withArgs(f.hash(sameNonce), f.alice.address, 42n);
    });

    it("an order fills up to its expiry second and never after", async () => {
      const f = await loadFixture(marketFixture);
      const expiry = BigInt((await time.latest()) + 100);
      const sell = await f.order(f.alice, SIDE.SELL, 2n * E18, 10n * USD, { expiry });
      const signature = await f.sign(f.alice, sell);
      await time.setNextBlockTimestamp(expiry);
      await f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: E18 }], 0);
      const before = await holdings(f);
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementOrderExpired")
        .withArgs(f.hash(sell), expiry);
      expect(await holdings(f)).to.deep.equal(before);
    });

    it("an order restricted to one taker fills only against that taker, in fill and in settle", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, 2n * E18, 10n * USD, { taker: f.bob.address });
      const signature = await f.sign(f.alice, sell);
      await expect(f.settlement.connect(f.carol).fill([{ order: sell, signature, amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementTakerNotAllowed")
        .withArgs(f.hash(sell), f.carol.address);
      const carolBid = await f.order(f.carol, SIDE.BUY, E18, 10n * USD);
      await expect(
        f.settlement.connect(f.operator).settle([{ maker: sell, makerSignature: signature, taker: carolBid, takerSignature: await f.sign(f.carol, carolBid), amount: E18 }]),
      )
        .to.be.revertedWithCustomError(f.settlement, "SettlementTakerNotAllowed")
        .withArgs(f.hash(sell), f.carol.address);
      await f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: E18 }], 0);
      const bobBid = await f.order(f.bob, SIDE.BUY, E18, 10n * USD);
      await f.settlement.connect(f.operator).settle([{ maker: sell, makerSignature: signature, taker: bobBid, takerSignature: await f.sign(f.bob, bobBid), amount: E18 }]);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(2n * E18);
    });

    it("refuses a fill of zero units", async () => {
      const f = await loadFixture(marketFixture);
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD);
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.alice, sell), amount: 0n }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementZeroAmount")
        .withArgs(f.hash(sell));
    });
  });

  describe("trading halts", () => {
    it("an agent of the token halts and resumes its trading; fills and settlements are refused meanwhile", async () => {
      const f = await loadFixture(marketFixture);
      const tokenAddress = await f.token.getAddress();
      const sell = await f.order(f.alice, SIDE.SELL, 2n * E18, 10n * USD);
      const signature = await f.sign(f.alice, sell);
      await expect(f.settlement.connect(f.tokenAgent).haltTrading(tokenAddress))
        .to.emit(f.settlement, "TradingHalted")
        .withArgs(tokenAddress, f.tokenAgent.address);
      expect(await f.settlement.isTradingHalted(tokenAddress)).to.equal(true);
      const before = await holdings(f);
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: E18 }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementTradingHalted")
        .withArgs(tokenAddress);
      const bid = await f.order(f.bob, SIDE.BUY, E18, 10n * USD);
      await expect(f.settlement.connect(f.operator).settle([{ maker: sell, makerSignature: signature, taker: bid, takerSignature: await f.sign(f.bob, bid), amount: E18 }]))
        .to.be.revertedWithCustomError(f.settlement, "SettlementTradingHalted");
      expect(await holdings(f)).to.deep.equal(before);
      // Cancels stay possible while halted.
      await f.settlement.connect(f.alice).cancel(999n);

      await expect(f.settlement.connect(f.tokenAgent).haltTrading(tokenAddress))
        .to.be.revertedWithCustomError(f.settlement, "SettlementHaltUnchanged")
        .withArgs(tokenAddress, true);
      await expect(f.settlement.connect(f.tokenAgent).resumeTrading(tokenAddress))
        .to.emit(f.settlement, "TradingResumed")
        .withArgs(tokenAddress, f.tokenAgent.address);
      await expect(f.settlement.connect(f.tokenAgent).resumeTrading(tokenAddress))
        .to.be.revertedWithCustomError(f.settlement, "SettlementHaltUnchanged")
        .withArgs(tokenAddress, false);
      await f.settlement.connect(f.bob).fill([{ order: sell, signature, amount: E18 }], 0);
    });

    it("refuses a halt from anyone who is not an agent of the token, and on a token without agents", async () => {
      const f = await loadFixture(marketFixture);
      const tokenAddress = await f.token.getAddress();
      for (const who of [f.alice, f.owner, f.operator]) {
        await expect(f.settlement.connect(who).haltTrading(tokenAddress))
          .to.be.revertedWithCustomError(f.settlement, "SettlementNotAgent")
          .withArgs(tokenAddress, who.address);
      }
      // A plain ERC-20 has no isAgent; an address without code has nothing to ask.
      await expect(f.settlement.connect(f.tokenAgent).haltTrading(await f.cash.getAddress()))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNotAgent");
      await expect(f.settlement.connect(f.tokenAgent).haltTrading(f.outsider.address))
        .to.be.revertedWithCustomError(f.settlement, "SettlementNotAgent");
      expect(await f.settlement.isTradingHalted(tokenAddress)).to.equal(false);
    });

    it("halts one token only: another token's orders still fill", async () => {
      const f = await loadFixture(marketFixture);
      const other = await issueToken(f, { symbol: "OTH" });
      await other.connect(f.tokenAgent).mint(f.alice.address, 10n * E18);
      await other.connect(f.alice).approve(f.settlementAddress, ethers.MaxUint256);
      await f.settlement.connect(f.tokenAgent).haltTrading(await f.token.getAddress());
      const sell = await f.order(f.alice, SIDE.SELL, E18, 10n * USD, { token: await other.getAddress() });
      await f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.alice, sell), amount: E18 }], 0);
      expect(await other.balanceOf(f.bob.address)).to.equal(E18);
    });
  });

  describe("prices and rounding (always in the maker's favour)", () => {
    it("rounds up what a taker pays a selling maker and down what a buying maker pays (18-decimal token, 6-decimal cash)", async () => {
      const f = await loadFixture(marketFixture);
      // 1 unit (1e-18 token) at 1.000001 cash per token costs 1.000001e-18 cash: the taker pays one cash unit.
      const sell = await f.order(f.alice, SIDE.SELL, E18, 1_000_001n);
      const before = await holdings(f);
      await expect(f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.alice, sell), amount: 1n }], 0))
        .to.emit(f.settlement, "TradeExecuted")
        .withArgs(f.hash(sell), ethers.ZeroHash, sell.token, f.bob.address, f.alice.address, sell.cashToken, 1n, 1_000_001n, 1n, 0n);
      expect((await holdings(f))["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 1n);

      // Half a token at 1.000001 is 0.5000005 cash: the buying maker pays 0.500000.
      const buy = await f.order(f.bob, SIDE.BUY, E18, 1_000_001n);
      await expect(f.settlement.connect(f.alice).fill([{ order: buy, signature: await f.sign(f.bob, buy), amount: E18 / 2n }], 0))
        .to.emit(f.settlement, "TradeExecuted")
        .withArgs(f.hash(buy), ethers.ZeroHash, buy.token, f.bob.address, f.alice.address, buy.cashToken, E18 / 2n, 1_000_001n, 500_000n, 0n);
      expect(await f.settlement.cashFor(sell.token, E18 / 2n, 1_000_001n, false)).to.equal(500_000n);
      expect(await f.settlement.cashFor(sell.token, E18 / 2n, 1_000_001n, true)).to.equal(500_001n);
    });

    it("refuses a trade whose cash rounds down to nothing", async () => {
      const f = await loadFixture(marketFixture);
      const buy = await f.order(f.bob, SIDE.BUY, E18, 1_000_000n);
      const before = await holdings(f);
      await expect(f.settlement.connect(f.alice).fill([{ order: buy, signature: await f.sign(f.bob, buy), amount: 999_999_999_999n }], 0))
        .to.be.revertedWithCustomError(f.settlement, "SettlementZeroCash")
        .withArgs(f.hash(buy), 999_999_999_999n);
      expect(await holdings(f)).to.deep.equal(before);
    });

    it("prices a 0-decimal token per unit, exactly", async () => {
      const f = await loadFixture(marketFixture);
      const whole = await issueToken(f, { decimals: 0, symbol: "WHL" });
      await whole.connect(f.tokenAgent).mint(f.alice.address, 7n);
      await whole.connect(f.alice).approve(f.settlementAddress, ethers.MaxUint256);
      const sell = await f.order(f.alice, SIDE.SELL, 7n, 1_234_567n, { token: await whole.getAddress() });
      const before = await holdings(f, [whole, f.cash]);
      await f.settlement.connect(f.bob).fill([{ order: sell, signature: await f.sign(f.alice, sell), amount: 3n }], 0);
      const after = await holdings(f, [whole, f.cash]);
      expect(after["bob.WHL"]).to.equal(3n);
      expect(after["bob.DUSD"]).to.equal(before["bob.DUSD"]! - 3_703_701n);
      expect(after["alice.DUSD"]).to.equal(before["alice.DUSD"]! + 3_703_701n);
    });

    it("in settle, refuses a trade whose rounding at the resting price would make the taker pay above its own limit", async () => {
      const f = await loadFixture(marketFixture);
      const ask = await f.order(f.alice, SIDE.SELL, E18, 1_000_001n);
      const bidSame = await f.order(f.bob, SIDE.BUY, E18, 1_000_001n);
      const t = { maker: ask, makerSignature: await f.sign(f.alice, ask), taker: bidSame, takerSignature: await f.sign(f.bob, bidSame), amount: E18 / 2n };
      // 0.5000005 cash: the seller's rounding (up, 500,001) is above the buyer's exact limit (500,000.5).
      await expect(f.settlement.connect(f.operator).settle([t]))
        .to.be.revertedWithCustomError(f.settlement, "SettlementLimitPriceExceeded")
        .withArgs(f.hash(bidSame), 500_001n, 500_000n);
      // A whole-token lot costs a whole number of cash units: it settles at exactly both limits.
      await f.settlement.connect(f.operator).settle([{ ...t, amount: E18 }]);
      expect(await f.cash.balanceOf(f.alice.address)).to.equal(1_000_000n * USD + 1_000_001n);
    });

    it("refuses a token reporting more decimals than fit a price", async () => {
      const f = await loadFixture(marketFixture);
      const odd = await (await ethers.getContractFactory("MarketLyingTokenMock")).deploy(78);
      await expect(f.settlement.cashFor(await odd.getAddress(), 1n, 1n, false))
        .to.be.revertedWithCustomError(f.settlement, "SettlementUnsupportedDecimals")
        .withArgs(await odd.getAddress(), 78);
    });
  });
});
