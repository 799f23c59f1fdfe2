import { zeroAddress, type Hex } from "viem";
import { cashFor, type MarketOrder } from "../../../lib/market/order.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Match, SkippedPair } from "./engine/book-order.ts";
import type { OrderBook, Placement } from "./engine/order-book.ts";
import type { MarketBooks } from "./market-books.ts";
import type { MarketChain } from "./market-chain.ts";
import type { MarketFeed } from "./market-feed.ts";
import { orderView, signedOrderOf, tradeView, type OrderRow, type OrderView, type TradeRow, type TradeView } from "./market-orders.ts";
import type { OrderIntake } from "./order-intake.ts";
import type { Fillability } from "./fillability.ts";

export interface PlaceResult {
  order: OrderView;
  trades: TradeView[];
  skipped: { resting: Hex; incoming: Hex; reason: string }[];
}

/** How many crossing resting orders the engine checks with the token before a placement (the rest wait). */
const CANDIDATES = 256;
const NOT_CHECKED = "not checked against the token's rules yet";

export async function ordersByHash(q: Queryable, hashes: Hex[]): Promise<Map<Hex, OrderRow>> {
  const { rows } = await q.query<OrderRow>(`select * from market_orders where hash = any($1::text[])`, [hashes]);
  return new Map(rows.map((r) => [r.hash, r]));
}

/**
 * The matching step of the leader: an order enters its book, trades with the crossing resting orders the token
 * allows, and the result (order, pending trades with both orders' amounts reserved, skipped pairs) is stored in one
 * database transaction; the book is put back if that fails. The trades' settlements are written to the outbox
 * afterwards, in batches (settle-batches). Callers run these one at a time (the service's queue).
 */
export function createMatching(options: {
  db: Database; reads: MarketChain; logger: Logger; books: MarketBooks; feed: MarketFeed; intake: OrderIntake; fillability: Fillability;
}) {
  const { db, reads, logger, books, feed, intake, fillability } = options;

  /** Takes out of the books the given orders that are no longer open in the database (cancelled on another replica). */
  async function dropClosed(hashes: Hex[]) {
    if (!hashes.length) return;
    const { rows } = await db.query<OrderRow>(`select * from market_orders where hash = any($1::text[]) and status <> 'open'`, [hashes]);
    const changed = rows.filter((row) => books.drop(row));
    feed.books(changed.map((r) => r.token));
  }

  /** The token's verdict on each crossing resting order against the incoming one (async reads before the sync match). */
  async function pairRefusals(book: OrderBook, order: MarketOrder): Promise<Map<Hex, string | null>> {
    const side = order.side === 0 ? "sell" : "buy";
    const crossingOf = () => book.ordersOf(side, CANDIDATES).filter((r) => (order.side === 0 ? r.price <= order.price : r.price >= order.price));
    const verdicts = new Map<Hex, string | null>();
    // An order that crosses nothing needs no reads (most placements rest).
    if (!crossingOf().length) return verdicts;
    const now = await reads.chainTime();
    await dropClosed(crossingOf().map((r) => r.hash));
    // The check before matching: a resting order whose maker can no longer fill it (halt, freeze, KYC, funds)
    // leaves the book now rather than failing its settlement.
    const resting = await ordersByHash(db, crossingOf().filter((r) => r.maker !== order.maker).map((r) => r.hash));
    await fillability.review([...resting.values()]);
    await Promise.all(crossingOf().map(async (resting) => {
      if ((books.expiryOf(resting.hash) ?? 0n) < now) return verdicts.set(resting.hash, "the resting order has expired");
      const [seller, buyer] = order.side === 0 ? [resting.maker, order.maker] : [order.maker, resting.maker];
      const amount = resting.remaining < order.amount ? resting.remaining : order.amount;
      verdicts.set(resting.hash, resting.maker === order.maker ? null : await reads.restriction(order.token, seller, buyer, amount));
    }));
    return verdicts;
  }

  /**
   * Matches an order and rests what is left, storing it (or marking a stored one booked), its pending trades and
   * the skipped pairs in one database transaction; the book is put back if that fails.
   */
  async function enterBook(order: MarketOrder, hash: Hex, signature: string, stored: OrderRow | null): Promise<PlaceResult> {
    const book = books.bookOf(order.token, order.cashToken);
    const verdicts = await pairRefusals(book, order);
    const decimals = await reads.decimals(order.token);
    let placed: Placement | null = null;
    // An order that crosses nothing (no verdicts to ask for) can only rest: storing it is the whole step, one
    // statement with no transaction around it.
    const step = <T>(work: (q: Queryable) => Promise<T>): Promise<T> => (verdicts.size ? db.transaction(work) : work(db));
    try {
      const result = await step(async (tx) => {
        const row = stored ? await takeStored(tx, hash) : await intake.insertOrder(tx, order, hash, signature, true);
        placed = book.place(
          { hash, maker: order.maker, side: order.side === 0 ? "buy" : "sell", price: order.price, remaining: order.amount, taker: order.taker === zeroAddress ? null : order.taker, sequence: Number(row.sequence) },
          (resting) => (verdicts.has(resting.hash) ? verdicts.get(resting.hash)! : NOT_CHECKED),
        );
        books.setExpiry(hash, order.expiry);
        const trades = await recordMatches(tx, row, placed.matches, decimals);
        await recordSkipped(tx, placed.skipped);
        // Matches reserved part of the order since it was stored: read it back then.
        const current = placed.matches.length ? (await tx.query<OrderRow>(`select * from market_orders where hash = $1`, [hash])).rows[0]! : row;
        return {
          order: orderView(current),
          trades,
          skipped: placed.skipped.map((s) => ({ resting: s.resting.hash, incoming: s.incoming.hash, reason: s.reason })),
        };
      });
      feed.book(order.token);
      return result;
    } catch (error) {
      // Nothing was stored: the book forgets the order and gives the resting orders their amounts back.
      if (placed) undoPlacement(book, placed);
      books.forgetExpiry(hash);
      throw error;
    }
  }

  async function takeStored(tx: Queryable, hash: Hex): Promise<OrderRow> {
    const taken = await tx.query<OrderRow>(`update market_orders set booked = true where hash = $1 and status = 'open' and not booked returning *`, [hash]);
    if (!taken.rows[0]) throw new FolioError("MARKET_ORDER_NOT_OPEN", `Order ${hash} is no longer waiting for the book`);
    return taken.rows[0];
  }

  /**
   * Takes in the orders other replicas stored for the leader, in sequence order. An order that has expired
   * meanwhile is marked so instead of entering the book; one that fails to enter is logged and left.
   */
  async function takeIn(): Promise<number> {
    const { rows } = await db.query<OrderRow>(`select * from market_orders where status = 'open' and not booked order by sequence limit 500`);
    const now = rows.length ? await reads.chainTime() : 0n;
    for (const row of rows) {
      const order = signedOrderOf(row);
      if (order.expiry < now) {
        await db.query(`update market_orders set status = 'expired' where hash = $1 and status = 'open'`, [row.hash]);
        continue;
      }
      try {
        await enterBook(order, row.hash, row.signature, row);
      } catch (error) {
        logger.warn({ msg: "market order not taken into the book", order: row.hash, err: error });
      }
    }
    return rows.length;
  }

  function undoPlacement(book: OrderBook, placed: Placement) {
    book.remove(placed.order.hash);
    for (const m of placed.matches) book.release(m.resting, m.amount);
  }

  /**
   * Each match: a pending trade and both orders' amounts reserved (its settlement is sent by the next flush). One
   * insert and one update for all of them, so an order that meets hundreds costs two statements, not hundreds.
   */
  async function recordMatches(tx: Queryable, incoming: OrderRow, matches: Match[], decimals: number): Promise<TradeView[]> {
    if (!matches.length) return [];
    const reserved = new Map<Hex, bigint>();
    const columns = { maker: [] as string[], buy: [] as string[], sell: [] as string[], price: [] as string[], amount: [] as string[], cash: [] as string[] };
    for (const m of matches) {
      // Rounded in the resting (maker) order's favour, as the contract does; the lot size makes it exact.
      const cash = cashFor(m.amount, m.price, decimals, m.resting.side === "sell");
      columns.maker.push(m.resting.hash);
      columns.buy.push(m.buy.hash);
      columns.sell.push(m.sell.hash);
      columns.price.push(m.price.toString());
      columns.amount.push(m.amount.toString());
      columns.cash.push(cash.toString());
      for (const h of [m.buy.hash, m.sell.hash]) reserved.set(h, (reserved.get(h) ?? 0n) + m.amount);
    }
    const inserted = await tx.query<TradeRow>(
      `insert into market_trades (token, cash_token, maker_hash, taker_hash, buy_hash, sell_hash, price, amount, cash, status)
       select $1, $2, m.maker, $3, m.buy, m.sell, m.price, m.amount, m.cash, 'pending'
       from unnest($4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::numeric[]) with ordinality as m(maker, buy, sell, price, amount, cash, n)
       order by m.n returning *`,
      [incoming.token, incoming.cash_token, incoming.hash, columns.maker, columns.buy, columns.sell, columns.price, columns.amount, columns.cash],
    );
    await tx.query(
      `update market_orders o set reserved = o.reserved + d.amount from unnest($1::text[], $2::numeric[]) as d(hash, amount) where o.hash = d.hash`,
      [[...reserved.keys()], [...reserved.values()].map(String)],
    );
    // Ids follow the matches' order (one sequence, rows inserted in order): the trades come back in match order.
    return inserted.rows.sort((a, b) => Number(a.id) - Number(b.id)).map(tradeView);
  }

  async function recordSkipped(tx: Queryable, skipped: SkippedPair[]) {
    for (const s of skipped) {
      await tx.query(`insert into market_skipped_pairs (resting_hash, incoming_hash, reason) values ($1, $2, $3)`, [s.resting.hash, s.incoming.hash, s.reason]);
    }
  }

  return { enterBook, takeIn, dropClosed };
}

export type Matching = ReturnType<typeof createMatching>;
