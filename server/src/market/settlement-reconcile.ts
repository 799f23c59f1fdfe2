import type { Database, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { MarketBooks } from "./market-books.ts";
import type { MarketChain } from "./market-chain.ts";
import type { MarketFeed } from "./market-feed.ts";
import { filledOf, signedOrderOf, tradeView, type OrderRow, type TradeRow } from "./market-orders.ts";
import { ordersByHash, type Matching } from "./matching.ts";
import type { OrderIntake } from "./order-intake.ts";
import type { SettleBatches } from "./settle-batches.ts";

export interface ReconcileResult {
  confirmed: number;
  failed: number;
  expired: number;
}

/**
 * Follows the settlements in the outbox: confirmed trades add to both orders' filled amounts; failed ones give the
 * reserved amounts back to the book (a failed batch of several is first split into single trades, sent again). The status change from pending is the guard (one SQL update), so an amount is
 * given back once however many times this runs. Also expires orders. Only the leader runs it, in its queue.
 */
export function createSettlementReconcile(options: {
  db: Database; reads: MarketChain; logger: Logger; books: MarketBooks; feed: MarketFeed; intake: OrderIntake; matching: Matching; batches: SettleBatches;
}) {
  const { db, reads, logger, books, feed, intake, matching, batches } = options;

  async function reconcile(): Promise<ReconcileResult> {
    const now = await reads.chainTime();
    await matching.dropClosed(books.hashes());
    const result = await db.transaction(async (tx) => {
      // First, so that a settlement sent again after a reorganisation and then reverted fails its trades below.
      await unconfirmReorganised(tx);
      // A failed batch's trades are sent again one by one rather than failed together.
      await batches.splitFailed(tx);
      const moved = await tx.query<TradeRow>(
        `update market_trades t set
           status = case when o.status = 'confirmed' then 'confirmed' else 'failed' end,
           tx_hash = o.tx_hash, block_number = o.block_number,
           failure = case when o.status = 'failed' then coalesce(o.error_name, o.error_code, 'failed') end
         from outbox_entries o
         where o.id = t.outbox_entry_id and t.status = 'pending' and o.status in ('confirmed', 'failed')
         returning t.*`,
      );
      // A settlement that a deep reorganisation moved to another block (the outbox counts it in `reorgs`): its trades follow.
      await tx.query(
        `update market_trades t set tx_hash = o.tx_hash, block_number = o.block_number from outbox_entries o
         where o.reorgs > 0 and o.status = 'confirmed' and t.outbox_entry_id = o.id and t.status = 'confirmed'
           and (t.block_number is distinct from o.block_number or t.tx_hash is distinct from o.tx_hash)`,
      );
      const confirmedTrades = moved.rows.filter((t) => t.status === "confirmed");
      const failedTrades = moved.rows.filter((t) => t.status !== "confirmed");
      const release = failedTrades.flatMap((t) => [t.buy_hash, t.sell_hash].map((hash) => ({ hash, amount: BigInt(t.amount) })));
      const filled = amountsPerOrder(confirmedTrades);
      if (filled) {
        await tx.query(
          `update market_orders o set filled = o.filled + d.amount, reserved = o.reserved - d.amount,
             status = case when o.status = 'open' and o.filled + d.amount + o.external_filled >= o.amount then 'filled' else o.status end
           from unnest($1::text[], $2::numeric[]) as d(hash, amount) where o.hash = d.hash`,
          filled,
        );
      }
      const returned = amountsPerOrder(failedTrades);
      if (returned) {
        await tx.query(
          `update market_orders o set reserved = o.reserved - d.amount from unnest($1::text[], $2::numeric[]) as d(hash, amount) where o.hash = d.hash`,
          returned,
        );
      }
      const expired = await tx.query<OrderRow>(`update market_orders set status = 'expired' where status = 'open' and expiry < $1 returning *`, [now.toString()]);
      const rows = await ordersByHash(tx, release.map((r) => r.hash));
      return { moved: moved.rows, release, rows, expired: expired.rows };
    });
    // After commit: the book follows what is stored.
    const changed: string[] = [];
    for (const row of result.expired) if (books.drop(row)) changed.push(row.token);
    const released = new Set<OrderRow["hash"]>();
    for (const { hash, amount } of result.release) {
      const row = result.rows.get(hash)!;
      // A suspended order keeps the amount in the database and gets it in the book when it can fill again.
      if (row.status !== "open" || row.suspended) continue;
      books.rest(row, amount);
      released.add(hash);
      changed.push(row.token);
    }
    // An order that failed because its maker can no longer fund it leaves the book until placed again.
    for (const hash of released) await retireIfUnfunded(result.rows.get(hash)!);
    feed.books(changed);
    for (const t of result.moved) feed.trade(tradeView(t));
    const confirmed = result.moved.filter((t) => t.status === "confirmed").length;
    if (result.moved.length) logger.info({ msg: "market trades settled", confirmed, failed: result.moved.length - confirmed });
    return { confirmed, failed: result.moved.length - confirmed, expired: result.expired.length };
  }

  /**
   * A settlement that a reorganisation deeper than the confirmations took off the chain is sent again by the outbox
   * (`sent` once more), and may then revert: its trades are pending again until it is mined, and the orders' filled
   * amounts go back to reserved (an order it had filled is open again), so the usual path confirms or fails them once.
   */
  async function unconfirmReorganised(tx: Queryable) {
    const { rows } = await tx.query<TradeRow>(
      `update market_trades t set status = 'pending', tx_hash = null, block_number = null
       from outbox_entries o
       where o.reorgs > 0 and o.status <> 'confirmed' and t.outbox_entry_id = o.id and t.status = 'confirmed'
       returning t.*`,
    );
    const back = amountsPerOrder(rows);
    if (!back) return;
    await tx.query(
      `update market_orders o set filled = o.filled - d.amount, reserved = o.reserved + d.amount,
         status = case when o.status = 'filled' then 'open' else o.status end
       from unnest($1::text[], $2::numeric[]) as d(hash, amount) where o.hash = d.hash`,
      back,
    );
    logger.warn({ msg: "market settlement reorganised out of the chain: its trades are pending again", trades: rows.length });
  }

  async function retireIfUnfunded(row: OrderRow) {
    const fresh = (await db.query<OrderRow>(`select * from market_orders where hash = $1`, [row.hash])).rows[0]!;
    const remaining = BigInt(fresh.amount) - filledOf(fresh);
    const problem = await intake.fundingProblem(signedOrderOf(fresh), remaining, fresh.hash).catch(() => null);
    if (!problem) return;
    const updated = await db.query(`update market_orders set status = 'unfillable' where hash = $1 and status = 'open' returning hash`, [fresh.hash]);
    if (updated.rows.length) {
      books.drop(fresh);
      logger.info({ msg: "market order unfillable", order: fresh.hash, code: problem.code });
    }
  }

  return { reconcile };
}

/**
 * Each order's amount summed over the trades (both sides), as the hash and amount arrays an `unnest` update takes, so
 * a pass over many trades costs one update, not one per trade; null when there are none.
 */
function amountsPerOrder(trades: TradeRow[]): [string[], string[]] | null {
  const sums = new Map<string, bigint>();
  for (const t of trades) for (const h of [t.buy_hash, t.sell_hash]) sums.set(h, (sums.get(h) ?? 0n) + BigInt(t.amount));
  return sums.size ? [[...sums.keys()], [...sums.values()].map(String)] : null;
}
