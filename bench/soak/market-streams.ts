// The market side of the soak: signed EIP-712 orders placed over GraphQL. Resting one-lot bids and asks far apart
// (bench/market/intake.ts's prices) and cancels of the oldest keep the book at about RESTING orders, so its size, and
// the engine's memory, stay flat; one-lot pairs at a price between them cross, and their trades settle on chain
// through the outbox.
import { BID_PRICE, ASK_PRICE } from "../market/intake.ts";
import { orderSigner } from "../market/orders.ts";
import type { LiveMarket } from "../market/platform.ts";
import { BUYER, CANCEL, LOT, PLACE, SELLER } from "../../test/server/market/market-fixture.ts";
import type { Stream } from "./schedule.ts";
import type { SoakContext } from "./soak-context.ts";

/** Resting orders kept on the book: cancels start once there are more. */
const RESTING = 20;
/** Between the resting bids and asks, so each crossing pair trades only with itself. */
const CROSS_PRICE = 10_000_000n;

export async function marketStreams(ctx: SoakContext, live: LiveMarket, rates: { restEveryMs: number; cancelEveryMs: number; crossEveryMs: number }): Promise<Stream[]> {
  const sign = await orderSigner(live);
  const resting: { hash: string; as: number }[] = [];

  async function place(op: string, as: typeof BUYER | typeof SELLER, price: bigint) {
    const signed = await sign(as, LOT, price);
    const answer = await ctx.client.request(op, PLACE, ctx.f.input(signed.order, signed.signature), await ctx.as(as));
    const placed = answer.data?.placeOrder;
    if (!placed) throw new Error(`${op} refused: ${JSON.stringify(answer.errors)}`);
    return placed as { order: { hash: string; status: string }; trades: unknown[] };
  }

  return [
    {
      name: "resting orders",
      everyMs: rates.restEveryMs,
      async job(tick) {
        const as = tick % 2 === 0 ? BUYER : SELLER;
        const placed = await place("placeOrder (resting)", as, as === BUYER ? BID_PRICE : ASK_PRICE);
        resting.push({ hash: placed.order.hash, as });
      },
    },
    {
      name: "cancels",
      everyMs: rates.cancelEveryMs,
      offsetMs: rates.cancelEveryMs / 2,
      async job() {
        if (resting.length <= RESTING) return;
        const { hash, as } = resting.shift()!;
        await ctx.client.request("cancelOrder", CANCEL, { hash }, await ctx.as(as));
      },
    },
    {
      name: "crossing pairs",
      everyMs: rates.crossEveryMs,
      offsetMs: rates.crossEveryMs / 4,
      async job() {
        await place("placeOrder (resting)", SELLER, CROSS_PRICE);
        const taker = await place("placeOrder (crossing)", BUYER, CROSS_PRICE);
        if (taker.trades.length === 0) throw new Error("a crossing bid did not trade");
      },
    },
  ];
}
