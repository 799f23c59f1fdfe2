import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { getAddress, type Address } from "viem";
import { cashFor, orderHash, type MarketOrder } from "../../../lib/market/order";
import { marketFixture, SIDE, USD } from "./fixture";

// The server's intake and the console sign and hash orders with lib/market/order.ts: it must agree with the contract.
describe("Settlement: the shared order typed data", () => {
  it("hashes an order exactly as the contract's hashOrder does", async () => {
    const f = await loadFixture(marketFixture);
    const { chainId } = await ethers.provider.getNetwork();
    const settlement = getAddress(await f.settlement.getAddress()) as Address;
    const order: MarketOrder = {
      maker: getAddress(f.bob.address) as Address, side: SIDE.SELL, token: getAddress(await f.token.getAddress()) as Address,
      cashToken: getAddress(await f.cash.getAddress()) as Address, amount: 7n * 10n ** 18n, price: 101_250_000n, nonce: 42n,
      expiry: 2_000_000_000n, taker: "0x0000000000000000000000000000000000000000",
    };
    expect(orderHash(order, Number(chainId), settlement)).to.equal(await f.settlement.hashOrder(order));
  });

  it("computes the cash of a trade exactly as cashFor does, rounded both ways", async () => {
    const f = await loadFixture(marketFixture);
    const token = await f.token.getAddress();
    for (const [amount, price] of [[1n, 3n * USD], [333_333_333_333_333_333n, 1n], [10n ** 18n, 99_999_999n], [7n, 1n]]) {
      for (const roundUp of [false, true]) {
        expect(cashFor(amount!, price!, 18, roundUp)).to.equal(await f.settlement.cashFor(token, amount!, price!, roundUp));
      }
    }
  });
});
