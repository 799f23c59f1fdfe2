// Signed one-lot orders for the live benchmark parts, made fast: the two makers' keys are derived once (the test
// fixture derives a dev account from the mnemonic on every signature), expiry is read from the chain once, and the
// nonces are a range of their own (the fixture's start at 1).
import { zeroAddress, type Hex } from "viem";
import { orderTypedData, type MarketOrder } from "../../lib/market/order.ts";
import { BUYER, PLACE, SELLER } from "../../test/server/market/market-fixture.ts";
import { devAccount } from "../../test/support/sign-in.ts";
import type { LiveMarket } from "./platform.ts";

export interface SignedOrder {
  as: typeof BUYER | typeof SELLER;
  order: MarketOrder;
  signature: Hex;
  /** The placeOrder request body. */
  body: string;
}

/** placeOrders of a batch, selecting what a market maker's client reads back. */
export const PLACE_MANY = `mutation($orders: [SignedOrderInput!]!) { placeOrders(orders: $orders) { placed { order { hash status } } refused { code message } } }`;

/** Shared by every signer of the run: an order's nonce is never used twice by its maker. */
let nonce = 1_000_000_000n;

export async function orderSigner(live: LiveMarket) {
  const { f } = live;
  const accounts = { [BUYER]: devAccount(BUYER), [SELLER]: devAccount(SELLER) };
  const expiry = (await f.chainTime()) + 86_400n;
  return async function sign(as: typeof BUYER | typeof SELLER, amount: bigint, price: bigint): Promise<SignedOrder> {
    const order: MarketOrder = {
      maker: accounts[as].address, side: as === BUYER ? 0 : 1, token: f.token, cashToken: f.cash, amount, price, nonce: nonce++, expiry, taker: zeroAddress,
    };
    const signature = await accounts[as].signTypedData(orderTypedData(order, 31337, f.settlement));
    return { as, order, signature, body: JSON.stringify({ query: PLACE, variables: f.input(order, signature) }) };
  };
}
