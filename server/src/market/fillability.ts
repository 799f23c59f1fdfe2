import { getAddress } from "viem";
import type { Database, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { MarketBooks } from "./market-books.ts";
import type { MarketChain } from "./market-chain.ts";
import type { MarketFeed } from "./market-feed.ts";
import { filledOf, openRemaining, signedOrderOf, type OrderRow } from "./market-orders.ts";
import type { OrderIntake } from "./order-intake.ts";

/**
 * Whether open orders can fill now, and the book following it: an order that cannot (trading halted, the maker's
 * wallet frozen, KYC lapsed or investor suspended, balance or allowance gone) is suspended with why and leaves the
 * visible book; a suspended one that can fill again comes back at its place in time priority. Leader only, in its
 * queue. Expiry stays final (the order is marked expired, never back).
 */
export function createFillability(options: { db: Database; reads: MarketChain; logger: Logger; books: MarketBooks; feed: MarketFeed; intake: OrderIntake }) {
  const { db, reads, logger, books, feed, intake } = options;

  /**
   * Why each order cannot fill now, or null: the token's verdicts on its maker (reads that many orders of one maker
   * share), then its funding, all orders' in one go (order-intake's fundingProblems).
   */
  async function reasonsOf(rows: OrderRow[]): Promise<(string | null | undefined)[]> {
    const verdicts = await Promise.all(rows.map((row) => tokenVerdict(row).catch((error) => {
      logger.warn({ msg: "market order fillability not read", order: row.hash, err: error });
      return undefined;
    })));
    const unfunded = rows.filter((_, i) => verdicts[i] === null);
    const problems = new Map((await intake.fundingProblems(unfunded)).map((p, i) => [unfunded[i]!.hash, p]));
    return rows.map((row, i) => (verdicts[i] === null ? problems.get(row.hash)?.message ?? null : verdicts[i]));
  }

  /** Why the token would not let the order's maker trade it now (halt, freeze, KYC), or null. */
  async function tokenVerdict(row: OrderRow): Promise<string | null> {
    const token = getAddress(row.token);
    const maker = getAddress(row.maker);
    const [halted, frozen, allowed] = await Promise.all([
      reads.isTradingHalted(token),
      reads.isFrozen(token, maker),
      row.side === 1 ? reads.canSend(token, maker) : reads.canReceive(token, maker),
    ]);
    if (halted) return "trading of the token is halted by its agent";
    if (frozen) return "the maker's wallet is frozen on the token";
    if (!allowed) return `the token does not let the maker ${row.side === 1 ? "send" : "receive"} it now (KYC lapsed, investor suspended or not verified)`;
    return null;
  }

  /** Checks each open, booked order of `rows` and moves it out of or back into the book; returns the changes. */
  async function review(rows: OrderRow[]): Promise<{ suspended: number; restored: number }> {
    let suspended = 0;
    let restored = 0;
    const changed: string[] = [];
    const open = rows.filter((row) => row.status === "open");
    // The chain reads together; the changes one by one. An order whose reads failed stays as it is; if the
    // database fails, every order does.
    const reasons = await reasonsOf(open).catch((error) => {
      logger.warn({ msg: "market orders' fillability not read", orders: open.length, err: error });
      return open.map(() => undefined);
    });
    for (const [i, row] of open.entries()) {
      const reason = reasons[i];
      if (reason === undefined || reason === row.suspended) continue;
      const updated = await db.query<OrderRow>(`update market_orders set suspended = $2 where hash = $1 and status = 'open' returning *`, [row.hash, reason]);
      const fresh = updated.rows[0];
      if (!fresh || !fresh.booked) continue;
      if (reason !== null && row.suspended === null) {
        books.drop(fresh);
        suspended++;
        logger.info({ msg: "market order suspended", order: row.hash, reason });
      } else if (reason === null) {
        books.rest(fresh, openRemaining(fresh));
        restored++;
        logger.info({ msg: "market order back in the book", order: row.hash });
      }
      changed.push(fresh.token);
    }
    feed.books(changed);
    return { suspended, restored };
  }

  /** Reviews the open orders a condition selects (`where` over market_orders, with its parameters). */
  async function reviewWhere(where: string, params: unknown[], q: Queryable = db) {
    const { rows } = await q.query<OrderRow>(`select * from market_orders where status = 'open' and booked and (${where}) order by sequence`, params);
    return review(rows);
  }

  return { review, reviewWhere };
}

export type Fillability = ReturnType<typeof createFillability>;
