import { zeroAddress, type Address } from "viem";
import type { MarketOrder } from "../../../../lib/market/order.ts";
import type { Side } from "./order-form.ts";

/** An order of the signed-in wallet, built from the form's values once they are valid. */
export function buildOrder(o: { maker: Address; side: Side; token: Address; cashToken: Address; amount: bigint; price: bigint; nonce: bigint; expiry: bigint }): MarketOrder {
  return { ...o, side: o.side === "buy" ? 0 : 1, taker: zeroAddress };
}

/** The GraphQL input of placeOrder for a signed order (amounts as decimal strings, the side by name). */
export function orderInput(order: MarketOrder) {
  return {
    maker: order.maker,
    side: order.side === 0 ? ("BUY" as const) : ("SELL" as const),
    token: order.token,
    cashToken: order.cashToken,
    amount: order.amount.toString(),
    price: order.price.toString(),
    nonce: order.nonce.toString(),
    expiry: order.expiry.toString(),
    ...(order.taker !== zeroAddress ? { taker: order.taker } : {}),
  };
}
