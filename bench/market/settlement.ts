// tradesSettledPerSec: matched trades confirmed on the local anvil chain through the outbox. Each run rests `trades`
// one-lot asks (not timed), then bids of up to BID_LOTS lots each, all sent at once, match them (pending trades in
// the outbox, batched into settle transactions however the engine does); the clock runs from sending the bids until
// the market service, running its own reconcile loop, records every trade as confirmed. Enough trades per run that
// the fixed latency of one round (a poll, a block, a reconcile pass) is amortised, as in steady trading. The outbox
// worker runs with the server's default settings.
import { BUYER, LOT, PLACE, SELLER } from "../../test/server/market/market-fixture.ts";
import { orderSigner, type SignedOrder } from "./orders.ts";
import type { LiveMarket } from "./platform.ts";

/** Between the intake runs' bids and asks (bench/market/intake.ts), so only this run's orders meet. */
const TRADE_PRICE = 50_000_000n;
/** Lots per bid: below the resting orders the engine checks with the token before one placement (matching.ts). */
const BID_LOTS = 250;
/** Asks placed side by side while a run is set up. */
const SETUP_CLIENTS = 8;

export interface SettlementRun {
  trades: number;
  /** Settle transactions the trades took (the engine's batching). */
  transactions: number;
  /** Until the bid's answer: matching, the trades stored and written to the outbox. */
  matchedSeconds: number;
  seconds: number;
  tradesPerSec: number;
}

/**
 * `runs` timed runs of `trades` trades, after an untimed one of `warmUpTrades` (steady trading: the first settlement
 * of a token is gas-estimated, later batches ask for the gas recent ones used per trade).
 */
export async function measureSettlement(live: LiveMarket, options: { runs: number; trades: number; warmUpTrades?: number }): Promise<SettlementRun[]> {
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
    const sizes = [...(options.warmUpTrades ? [options.warmUpTrades] : []), ...Array.from({ length: options.runs }, () => options.trades)];
    for (const [r, trades] of sizes.entries()) {
      const asks = await Promise.all(Array.from({ length: trades }, () => sign(SELLER, LOT, TRADE_PRICE)));
      for (let i = 0; i < asks.length; i += SETUP_CLIENTS) await Promise.all(asks.slice(i, i + SETUP_CLIENTS).map(place));
      const bids: SignedOrder[] = [];
      for (let left = trades; left > 0; left -= BID_LOTS) bids.push(await sign(BUYER, LOT * BigInt(Math.min(left, BID_LOTS)), TRADE_PRICE));
      const start = process.hrtime.bigint();
      const ids = (await Promise.all(bids.map(place))).flatMap((placed) => placed.trades.map((t) => t.id));
      if (ids.length !== trades) throw new Error(`the bids made ${ids.length} trades, not ${trades}`);
      const matchedSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      const outcome = await confirmed(live, ids);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (outcome.failed) throw new Error(`${outcome.failed} of the run's trades failed to settle`);
      if (options.warmUpTrades && r === 0) continue;
      runs.push({ trades: ids.length, transactions: outcome.transactions, matchedSeconds: Number(matchedSeconds.toFixed(3)), seconds: Number(seconds.toFixed(3)), tradesPerSec: Math.round(ids.length / seconds) });
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
