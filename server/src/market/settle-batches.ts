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

  /** One settle call for `trades` (their orders read in `tx`), its outbox entry linked to each trade. */
  async function send(tx: Queryable, trades: TradeRow[], idempotencyKey: string, from: string | null): Promise<TradeRow[]> {
    const orders = await ordersByHash(tx, trades.flatMap((t) => [t.maker_hash, t.taker_hash]));
    const leg = (t: TradeRow) => {
      const maker = orders.get(t.maker_hash)!;
      const taker = orders.get(t.taker_hash)!;
      return { maker: signedOrderOf(maker), makerSignature: maker.signature, taker: signedOrderOf(taker), takerSignature: taker.signature, amount: BigInt(t.amount) };
    };
    const entry = await outbox.enqueue(
      { idempotencyKey, purpose: SETTLE_PURPOSE, to: reads.settlement(), abi: settlementAbi, functionName: "settle", args: [trades.map(leg)] },
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
        return send(tx, rows, `market.settle:${rows[0]!.id}-${rows.at(-1)!.id}:${rows.length}:${keccak256(toHex(ids))}`, null);
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

