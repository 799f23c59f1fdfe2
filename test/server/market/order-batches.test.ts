import { describe, expect, it } from "vitest";
import { pad, toHex, type Address, type Hex } from "viem";
import type { MarketOrder } from "../../../lib/market/order.ts";
import { FolioError } from "../../../server/src/errors.ts";
import type { OrderRow } from "../../../server/src/market/market-orders.ts";
import { createOrderBatches, type BatchOrder, type Placement } from "../../../server/src/market/order-batches.ts";

const TOKEN = pad("0x70", { size: 20 }) as Address;
const CASH = pad("0xca", { size: 20 }) as Address;
const MAKER = pad("0x01", { size: 20 }) as Address;
/** The order whose insert fails (the database refusing it). */
const POISONED = 13n;

/** A placement of resting asks (none crosses another), one per nonce. */
function placement(...nonces: bigint[]): Placement {
  const orders = nonces.map((nonce, index): BatchOrder => {
    const order: MarketOrder = { maker: MAKER, side: 1, token: TOKEN, cashToken: CASH, amount: 10n, price: 100n + nonce, nonce, expiry: 2n ** 40n, taker: pad("0x0", { size: 20 }) as Address };
    return { order, hash: pad(toHex(nonce), { size: 32 }) as Hex, signature: "0x", index } as BatchOrder;
  });
  return { orders, outcomes: [] };
}

const rowOf = ({ order, hash }: BatchOrder, sequence: number): OrderRow => ({
  hash, settlement: CASH, maker: order.maker, side: order.side, token: order.token, cash_token: order.cashToken, amount: String(order.amount),
  price: String(order.price), nonce: String(order.nonce), expiry: String(order.expiry), taker: order.taker, signature: "0x", status: "open",
  filled: "0", reserved: "0", sequence: String(sequence), created_at: new Date(0), booked: true, suspended: null, external_filled: "0",
});

/** The batches over an empty book whose every insert is recorded, and fails if it holds the poisoned order. */
function batchesOverFailingInsert() {
  const inserts: bigint[][] = [];
  const rested: bigint[] = [];
  const logged: unknown[] = [];
  let sequence = 0;
  const batches = createOrderBatches({
    db: {} as never,
    logger: { error: (entry: unknown) => void logged.push(entry) } as never,
    intake: {
      admitMany: async (orders: BatchOrder[]) => orders.map(() => null),
      insertOrders: async (_db: unknown, orders: BatchOrder[]) => {
        inserts.push(orders.map((o) => o.order.nonce));
        if (orders.some((o) => o.order.nonce === POISONED)) throw new Error("insert refused by the database");
        return orders.map((o) => rowOf(o, ++sequence));
      },
    } as never,
    books: { bookOf: () => ({ best: () => undefined }), rest: (row: OrderRow) => void rested.push(BigInt(row.nonce)) } as never,
    matching: {} as never,
    feed: { books: () => undefined } as never,
    notify: {} as never,
  });
  return { batches, inserts, rested, logged };
}

const placedNonces = (p: Placement) => p.outcomes.map((o) => (o instanceof FolioError ? o.code : o.order.nonce));

describe("order batches: a group's failed insert", () => {
  it("refuses only the placement it fails for: the placements that shared its group are stored, in their order", async () => {
    const { batches, inserts, rested, logged } = batchesOverFailingInsert();
    const [a, b, c] = [placement(1n, 2n), placement(3n, POISONED), placement(4n)];
    await batches.enterBooks([a, b, c]);
    expect(inserts).toEqual([[1n, 2n, 3n, POISONED, 4n], [1n, 2n], [3n, POISONED], [4n]]);
    expect(placedNonces(a)).toEqual([1n, 2n]);
    expect(placedNonces(b)).toEqual(["MARKET_ORDER_NOT_STORED", "MARKET_ORDER_NOT_STORED"]);
    expect(placedNonces(c)).toEqual([4n]);
    // Only what was stored rests, and the failure is logged once, without the orders.
    expect(rested).toEqual([1n, 2n, 4n]);
    expect(logged).toHaveLength(1);
  });

  it("refuses a lone placement's orders without trying again", async () => {
    const { batches, inserts, rested } = batchesOverFailingInsert();
    const lone = placement(POISONED, 5n);
    await batches.enterBooks([lone]);
    expect(inserts).toEqual([[POISONED, 5n]]);
    expect(placedNonces(lone)).toEqual(["MARKET_ORDER_NOT_STORED", "MARKET_ORDER_NOT_STORED"]);
    expect(rested).toEqual([]);
  });
});
