// tradesSettledPerSec: matched trades confirmed on the local anvil chain through the outbox. Each run rests `trades`
// one-lot asks, then one bid for all of them matches them at once (pending trades in the outbox, batched into settle
// transactions however the engine does); the clock runs from sending that bid until the market service, running its
// own reconcile loop, records every trade as confirmed. The outbox worker runs with the server's default settings.
import { BUYER, LOT, PLACE, SELLER } from "../../test/server/market/market-fixture.ts";
import { orderSigner, type SignedOrder } from "./orders.ts";
import type { LiveMarket } from "./platform.ts";

/** Between the intake runs' bids and asks (bench/market/intake.ts), so only this run's orders meet. */
const TRADE_PRICE = 50_000_000n;

export interface SettlementRun {
  trades: number;
  /** Settle transactions the trades took (the engine's batching). */
  transactions: number;
  seconds: number;
  tradesPerSec: number;
}

export async function measureSettlement(live: LiveMarket, options: { runs: number; trades: number }): Promise<SettlementRun[]> {
  const { f } = live;
  const sign = await orderSigner(live);
  const place = async ({ as, order, signature }: SignedOrder) => {
    const placed = await f.gql(as, PLACE, f.input(order, signature));
    if (placed.errors) throw new Error(`placeOrder refused during the settlement benchmark: ${JSON.stringify(placed.errors)}`);
    return placed.data.placeOrder as { trades: { id: string }[] };
  };
  const market = f.market();
  market.start();
  const runs: SettlementRun[] = [];
  try {
    for (let r = 0; r < options.runs; r++) {
      for (let i = 0; i < options.trades; i++) await place(await sign(SELLER, LOT, TRADE_PRICE));
      const bid = await sign(BUYER, LOT * BigInt(options.trades), TRADE_PRICE);
      const start = process.hrtime.bigint();
      const ids = (await place(bid)).trades.map((t) => t.id);
      if (ids.length !== options.trades) throw new Error(`the bid made ${ids.length} trades, not ${options.trades}`);
      const outcome = await confirmed(live, ids);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (outcome.failed) throw new Error(`${outcome.failed} of the run's trades failed to settle`);
      runs.push({ trades: ids.length, transactions: outcome.transactions, seconds: Number(seconds.toFixed(3)), tradesPerSec: Math.round(ids.length / seconds) });
    }
  } finally {
    await market.stop();
  }
  return runs;
}

/** Waits until no trade of `ids` is pending; counts the failed ones and the distinct settle transactions. */
async function confirmed(live: LiveMarket, ids: string[], timeoutMs = 120_000): Promise<{ failed: number; transactions: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await live.f.platform.db.query<{ pending: string; failed: string; transactions: string }>(
      `select count(*) filter (where status = 'pending')::text as pending, count(*) filter (where status = 'failed')::text as failed,
              count(distinct tx_hash)::text as transactions
       from market_trades where id = any($1::bigint[])`,
      [ids],
    );
    const row = rows[0]!;
    if (row.pending === "0") return { failed: Number(row.failed), transactions: Number(row.transactions) };
    if (Date.now() > deadline) throw new Error(`${row.pending} trades still pending after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
