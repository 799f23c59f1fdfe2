import { keccak256, toHex } from "viem";
import { settlementAbi } from "../../../deployments/abi/index.ts";
import type { Database, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { MarketChain } from "./market-chain.ts";
import type { MarketFeed } from "./market-feed.ts";
import { signedOrderOf, tradeView, type TradeRow, type TradeView } from "./market-orders.ts";
import { ordersByHash } from "./matching.ts";

/** About 64k gas and 1 KB of calldata per trade: 50 take ~3.3M gas and 48 KB, well inside a block and a node's pool. */
export const DEFAULT_SETTLE_BATCH = 50;
/** The outbox purpose of every settle transaction (the market service follows these entries). */
export const SETTLE_PURPOSE = "market.settle";

/**
 * Sends matched trades to the chain: each `flush` writes the pending trades that have no settlement yet to the
 * outbox, up to `batchSize` per Settlement.settle transaction (atomic: the whole batch settles or none of it). A
 * trade is stored at its match, so a leader that stops before flushing leaves it for the next one, which sends it;
 * the trade's outbox entry is set in the same transaction as the entry is written, so none is sent twice.
 */
export function createSettleBatches(options: { db: Database; reads: MarketChain; outbox: Outbox; logger: Logger; feed: MarketFeed; batchSize?: number }) {
  const { db, reads, outbox, logger, feed } = options;
  const batchSize = options.batchSize ?? DEFAULT_SETTLE_BATCH;

  const gas = createSettleGas();

  /**
   * One settle call for `trades` (their orders read in `tx`), its outbox entry linked to each trade. `sized` asks
   * for the gas recent settlements of the same tokens used per trade (the outbox then runs the call once instead of
   * estimating); a trade sent again alone is always estimated.
   */
  async function send(tx: Queryable, trades: TradeRow[], idempotencyKey: string, from: string | null, sized = false): Promise<TradeRow[]> {
    const orders = await ordersByHash(tx, trades.flatMap((t) => [t.maker_hash, t.taker_hash]));
    const leg = (t: TradeRow) => {
      const maker = orders.get(t.maker_hash)!;
      const taker = orders.get(t.taker_hash)!;
      return { maker: signedOrderOf(maker), makerSignature: maker.signature, taker: signedOrderOf(taker), takerSignature: taker.signature, amount: BigInt(t.amount) };
    };
    const entry = await outbox.enqueue(
      { idempotencyKey, purpose: SETTLE_PURPOSE, to: reads.settlement(), abi: settlementAbi, functionName: "settle", args: [trades.map(leg)], gas: (sized ? await gas.forBatch(tx, trades) : null) ?? undefined },
      { tx },
    );
    const ids = trades.map((t) => t.id);
    const linked = await tx.query<TradeRow>(
      `update market_trades set outbox_entry_id = $2 where id = any($1::bigint[]) and status = 'pending' and outbox_entry_id is not distinct from $3::bigint returning *`,
      [ids, entry.id, from],
    );
    // Another pass linked them first: this transaction rolls back, entry included.
    if (linked.rows.length !== ids.length) throw new Error(`market trades ${ids.join(",")} were sent by another pass`);
    return linked.rows;
  }

  /** Sends every unsent pending trade, oldest first, in batches; returns them with their outbox entries. */
  async function flush(): Promise<TradeView[]> {
    const sent: TradeView[] = [];
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        const { rows } = await tx.query<TradeRow>(
          `select * from market_trades where status = 'pending' and outbox_entry_id is null order by id limit $1`, [batchSize]);
        if (!rows.length) return [];
        // The batch's trades named by their range, count and a hash of every id: short enough for any batch size.
        const ids = rows.map((t) => t.id).join(",");
        return send(tx, rows, `market.settle:${rows[0]!.id}-${rows.at(-1)!.id}:${rows.length}:${keccak256(toHex(ids))}`, null, true);
      });
      if (!batch.length) break;
      // Committed: the outbox worker sends this batch while the next one is written.
      outbox.wake();
      if (batch.length > 1) logger.debug({ msg: "market trades batched", trades: batch.length });
      for (const t of batch) {
        const view = tradeView(t);
        sent.push(view);
        feed.trade(view);
      }
      if (batch.length < batchSize) break;
    }
    return sent;
  }

  /**
   * A batch whose settle failed fails as a whole, though one bad trade is enough: each of its still-pending trades
   * is sent again alone (a trade that cannot settle then fails by itself, with its own reason, and only then gives
   * its amounts back). Runs inside reconcile's transaction, before the failed trades are moved.
   */
  async function splitFailed(tx: Queryable): Promise<number> {
    const { rows } = await tx.query<TradeRow & { batch: string }>(
      `select t.*, (select count(*) from market_trades b where b.outbox_entry_id = t.outbox_entry_id)::text as batch
       from market_trades t join outbox_entries o on o.id = t.outbox_entry_id
       where t.status = 'pending' and o.status = 'failed' order by t.id`,
    );
    const split = rows.filter((t) => Number(t.batch) > 1);
    for (const t of split) {
      await send(tx, [t], `market.settle:retry:${t.id}:${t.outbox_entry_id}`, t.outbox_entry_id);
    }
    if (split.length) logger.warn({ msg: "market settle batch failed: trades sent again one by one", trades: split.length });
    return split.length;
  }

  return { flush, splitFailed, batchSize };
}

export type SettleBatches = ReturnType<typeof createSettleBatches>;


/** Extra gas per trade over what recent settlements used, and for the transaction: token rules vary with state. */
const GAS_MARGIN_PERCENT = 150n;
const GAS_BASE = 100_000n;
/** How long a learned figure is trusted before recent settlements are read again. */
const GAS_REFRESH_MS = 60_000;

/**
 * The gas a settle batch asks for: per trade, the most any of the last 20 confirmed settlements used per trade for
 * the batch's tokens (gas used over trades, so calldata and the transaction's share included), times 1.5, plus
 * 100,000. Null, and the outbox estimates, while a token of the batch has no confirmed settlement yet.
 */
function createSettleGas() {
  let perTrade = new Map<string, bigint>();
  let readAt = 0;

  // In the batch's transaction: an embedded database has one connection, which that transaction holds.
  async function refresh(q: Queryable) {
    const { rows } = await q.query<{ token: string; per_trade: string }>(
      `with recent as (
         select id, gas_used from outbox_entries where purpose = $1 and status = 'confirmed' and gas_used is not null order by id desc limit 20)
       select t.token, max(ceil(r.gas_used / (select count(*) from market_trades c where c.outbox_entry_id = r.id)))::text as per_trade
       from recent r join market_trades t on t.outbox_entry_id = r.id group by t.token`,
      [SETTLE_PURPOSE],
    );
    perTrade = new Map(rows.map((r) => [r.token, BigInt(r.per_trade)]));
    readAt = Date.now();
  }

  return {
    async forBatch(q: Queryable, trades: TradeRow[]): Promise<bigint | null> {
      const tokens = [...new Set(trades.map((t) => t.token))];
      if (Date.now() - readAt > GAS_REFRESH_MS || tokens.some((t) => !perTrade.has(t))) await refresh(q);
      if (tokens.some((t) => !perTrade.has(t))) return null;
      const most = tokens.reduce((m, t) => (perTrade.get(t)! > m ? perTrade.get(t)! : m), 0n);
      return (most * BigInt(trades.length) * GAS_MARGIN_PERCENT) / 100n + GAS_BASE;
    },
  };
}
