import { encodeFunctionData, getAddress, type Address, type Hex } from "viem";
import { settlementAbi } from "../../../deployments/abi/index.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import type { UnsignedTransaction } from "../distributions/funding-transactions.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { serially } from "../serial.ts";
import type { BookOrder } from "./engine/book-order.ts";
import { OrderBook, type DepthLevel } from "./engine/order-book.ts";
import { bookEntry, createMarketBooks } from "./market-books.ts";
import { createMarketChain } from "./market-chain.ts";
import type { MarketEvents } from "./market-events.ts";
import { createMarketFeed } from "./market-feed.ts";
import { createFillability } from "./fillability.ts";
import { createSettlementEvents } from "./settlement-events.ts";
import { createMarketLeader } from "./market-leader.ts";
import { createMarketNotify, type MarketNotice } from "./market-notify.ts";
import { openRemaining, orderView, tradeView, type OrderRow, type OrderView, type TradeRow, type TradeView } from "./market-orders.ts";
import { createMarketSettings } from "./market-settings.ts";
import { createMatching, ordersByHash, type PlaceResult } from "./matching.ts";
import { createOrderBatches, MAX_BATCH_ORDERS, type BatchOrder, type BatchOutcome, type Placement } from "./order-batches.ts";
import { createPlacementGroups } from "./placement-groups.ts";
import { createOrderIntake, type OrderInput } from "./order-intake.ts";
import { createSettleBatches, SETTLE_PURPOSE } from "./settle-batches.ts";
import { createSettlementReconcile, type ReconcileResult } from "./settlement-reconcile.ts";

export type { OrderInput } from "./order-intake.ts";
export type { PlaceResult } from "./matching.ts";

export interface OrderBookView {
  token: Address;
  cashToken: Address;
  bids: DepthLevel[];
  asks: DepthLevel[];
  bestBids: OrderView[];
  bestAsks: OrderView[];
}

export interface MarketServiceOptions {
  db: Database;
  chain: Chain;
  outbox: Outbox;
  logger: Logger;
  /** The process's market events: book and trade changes are published there when given. */
  events?: MarketEvents;
  /** Most trades per Settlement.settle transaction (FOLIO_MARKET_SETTLE_BATCH); 50 when not given. */
  settleBatch?: number;
}

const RECONCILE_INTERVAL_MS = 250;
/** With LISTEN/NOTIFY a follower's order wakes the leader at once; this slower poll only catches a lost notice. */
const INGEST_SAFETY_POLL_MS = 5_000;
/** Suspended orders are checked this often for a return no indexed event announces (an approval, a KYC renewal). */
const SUSPENDED_REVIEW_MS = 2_000;

/**
 * The secondary market: validates signed orders (order-intake), keeps one in-memory price-time order book per
 * (security token, cash token) pair (market-books, matching), and settles each match through the outbox
 * (Settlement.settle, signed by the server's operator key; settlement-reconcile follows the results). The database
 * is the record: an order enters the book in the same step as it is stored, a match is stored as a pending trade
 * with its outbox entry, and the books are rebuilt from the open orders when this replica takes the lead
 * (market-leader). Book changes run one at a time (this process's queue), so the book and the database agree.
 */
export function createMarketService(options: MarketServiceOptions) {
  const { db, outbox, logger } = options;
  const reads = createMarketChain(options.chain);
  const settings = createMarketSettings({ db, reads });
  const books = createMarketBooks();
  const notify = createMarketNotify({ db, logger, onNotice: (notice) => heard(notice) });
  const feed = createMarketFeed({ events: options.events, logger, relay: (notice) => notify.post(notice) });
  const intake = createOrderIntake({ db, reads, settings });
  const fillability = createFillability({ db, reads, logger, books, feed, intake });
  const chainEvents = createSettlementEvents({ db, reads, logger, books, feed, fillability });
  const matching = createMatching({ db, reads, logger, books, feed, intake, fillability });
  const orderBatches = createOrderBatches({ db, logger, intake, books, matching, feed, notify });
  const batches = createSettleBatches({ db, reads, outbox, logger, feed, batchSize: options.settleBatch });
  const settlement = createSettlementReconcile({ db, reads, logger, books, feed, intake, matching, batches });
  let loaded: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastIngest = 0;
  let lastReview = 0;
  let stopFollowing = () => {};
  const leader = createMarketLeader({
    db, logger,
    onLead: () => {
      books.clear();
      chainEvents.reset();
      loaded = null;
    },
  });

  /** Another replica's notice: the leader takes in or drops the order at once; everyone relays book and trade changes. */
  function heard(notice: MarketNotice) {
    if (notice.kind === "book" || notice.kind === "trade") return feed.receive(notice);
    if (!leader.held) return;
    const work = notice.kind === "order" ? ingest() : asLeader(() => matching.dropClosed([notice.hash]), undefined);
    work.catch((error) => logger.warn({ msg: "market notice not handled", kind: notice.kind, err: error }));
  }

  /** Runs `work` after every earlier book change of this process. */
  const exclusive = serially();
  const enterInGroup = createPlacementGroups({ exclusive, enter: orderBatches.enterBooks });

  /** Builds every book from the open orders, in their time priority (once per lead). */
  function ensureLoaded(): Promise<void> {
    loaded ??= exclusive(async () => {
      const { rows } = await db.query<OrderRow>(`select * from market_orders where status = 'open' and booked and suspended is null order by sequence`);
      for (const row of rows) books.rest(row, openRemaining(row));
      logger.info({ msg: "market order books rebuilt", orders: rows.length, books: books.size });
    }).catch((error) => {
      loaded = null;
      throw error;
    });
    return loaded;
  }

  /** Runs `work` in the queue when this replica leads (books loaded), else returns `otherwise`. */
  async function asLeader<T>(work: () => Promise<T>, otherwise: T): Promise<T> {
    if (!(await leader.leads())) return otherwise;
    await ensureLoaded();
    return exclusive(work);
  }

  /**
   * Stores a validated placement: on the leading replica it enters the books (and matches) with the group waiting in
   * the queue; on any other it is stored for the leader, which takes it in (in sequence order) on its next pass.
   */
  async function enterPlacement(placement: Placement): Promise<void> {
    if (!(await leader.leads())) return orderBatches.storeForLeader(placement);
    await ensureLoaded();
    await enterInGroup(placement);
  }

  /** Places a valid signed order (`enterPlacement`); its trades go to the chain at once. */
  async function placeOrder(maker: Address, input: OrderInput, signature: string): Promise<PlaceResult> {
    // The signature and the chain's views are checked outside the queue, many placements side by side; what the
    // stored orders say (nonce, the maker's committed funds) is checked again in it, right before the order is stored.
    const checked = await intake.validate(getAddress(maker), input, signature);
    const outcomes: BatchOutcome[] = [];
    await enterPlacement({ orders: [{ ...checked, signature, index: 0 }], outcomes });
    const placed = outcomes[0]!;
    if (placed instanceof FolioError) throw placed;
    if (!placed.trades.length) return placed;
    return { ...placed, trades: await settleNow(placed.trades.map((t) => t.id)) };
  }

  /**
   * Places a batch of the maker's signed orders (a ladder of quotes): each is checked as `placeOrder` checks it and
   * placed in the batch's order, or refused with its reason while the others go on; a refused order stores nothing.
   * The batch shares the chain reads, the database statements and the settle transactions of its trades.
   */
  async function placeOrders(maker: Address, inputs: { order: OrderInput; signature: string }[]): Promise<BatchOutcome[]> {
    if (!inputs.length || inputs.length > MAX_BATCH_ORDERS) {
      throw new FolioError("MARKET_BATCH_SIZE", `A batch holds 1 to ${MAX_BATCH_ORDERS} orders (got ${inputs.length})`);
    }
    const outcomes: BatchOutcome[] = new Array(inputs.length);
    const markets = new Map<Address, ReturnType<typeof settings.get>>();
    const marketOf = (token: Address) => markets.get(token) ?? markets.set(token, settings.get(token)).get(token)!;
    const checked = await Promise.all(inputs.map(async ({ order, signature }, index) => {
      try {
        return { ...(await intake.validate(getAddress(maker), order, signature, marketOf)), signature, index };
      } catch (error) {
        if (!(error instanceof FolioError)) throw error;
        outcomes[index] = error;
        return null;
      }
    }));
    const valid = checked.filter((c): c is BatchOrder => c !== null);
    if (!valid.length) return outcomes;
    await enterPlacement({ orders: valid, outcomes });
    const traded = outcomes.flatMap((o) => (o instanceof FolioError ? [] : o.trades.map((t) => t.id)));
    if (!traded.length) return outcomes;
    const settled = new Map((await settleNow(traded)).map((t) => [t.id, t]));
    return outcomes.map((o) => (o instanceof FolioError ? o : { ...o, trades: o.trades.map((t) => settled.get(t.id)!) }));
  }

  /**
   * Writes the unsent trades to the outbox behind every book change queued so far, so trades matched meanwhile (by
   * concurrent placements) share settle transactions; returns the given trades as they now are.
   */
  async function settleNow(ids: string[]): Promise<TradeView[]> {
    await exclusive(() => batches.flush());
    const { rows } = await db.query<TradeRow>(`select * from market_trades where id = any($1::bigint[]) order by id`, [ids]);
    return rows.map(tradeView);
  }

  /** The leader takes in the orders other replicas stored for it, in sequence order. */
  const ingest = (): Promise<number> => {
    lastIngest = Date.now();
    return asLeader(async () => {
      const taken = await matching.takeIn();
      await batches.flush();
      return taken;
    }, 0);
  };

  /** Moves pending trades whose settlement is confirmed or failed; only the leader (it owns the books). */
  const reconcile = (): Promise<ReconcileResult> =>
    asLeader(async () => {
      // Trades a stopped leader matched but never sent go out first.
      await batches.flush();
      const result = await settlement.reconcile();
      // Then what the index says happened on chain since the last pass (cancels, direct fills, halts, transfers...).
      await chainEvents.follow();
      if (Date.now() - lastReview >= SUSPENDED_REVIEW_MS) await reviewSuspendedNow();
      return result;
    }, { confirmed: 0, failed: 0, expired: 0 });

  function reviewSuspendedNow() {
    lastReview = Date.now();
    return fillability.reviewWhere("suspended is not null", []);
  }

  async function cancelOrder(maker: Address, hash: string): Promise<{ order: OrderView; cancelTransaction: UnsignedTransaction }> {
    // On another replica the order is only stored as cancelled: the leader drops it before it could match again.
    if (await leader.leads()) await ensureLoaded();
    return exclusive(async () => {
      const key = typeof hash === "string" ? hash.toLowerCase() : "";
      const { rows } = await db.query<OrderRow>(`select * from market_orders where hash = $1`, [key]);
      const row = rows[0];
      if (!row) throw new FolioError("MARKET_ORDER_NOT_FOUND", `No order ${hash}`);
      if (getAddress(row.maker) !== getAddress(maker)) throw new FolioError("MARKET_NOT_MAKER", "Only the order's maker may cancel it");
      if (row.status !== "open") throw new FolioError("MARKET_ORDER_NOT_OPEN", `The order is ${row.status}`);
      const updated = await db.query<OrderRow>(`update market_orders set status = 'cancelled' where hash = $1 and status = 'open' returning *`, [key]);
      if (!updated.rows[0]) throw new FolioError("MARKET_ORDER_NOT_OPEN", "The order is no longer open");
      if (leader.held) {
        books.drop(row);
        feed.book(row.token);
      } else {
        notify.post({ kind: "cancel", hash: row.hash });
      }
      return {
        order: orderView(updated.rows[0]),
        cancelTransaction: {
          to: getAddress(row.settlement),
          data: encodeFunctionData({ abi: settlementAbi, functionName: "cancel", args: [BigInt(row.nonce)] }),
          value: 0n,
          description: `Cancel order nonce ${row.nonce} on the Settlement contract, so its signature can never fill`,
        },
      };
    });
  }

  async function orderBook(token: Address, cashToken: Address, levels = 20): Promise<OrderBookView> {
    let book: OrderBook | undefined;
    if (leader.held) {
      await ensureLoaded();
      book = books.find(token, cashToken);
    } else {
      // Another replica leads: the book as stored (its booked open orders), built for this answer.
      book = new OrderBook();
      const { rows } = await db.query<OrderRow>(
        `select * from market_orders where status = 'open' and booked and suspended is null and token = $1 and cash_token = $2 order by sequence`, [getAddress(token), getAddress(cashToken)]);
      for (const row of rows) {
        const amount = openRemaining(row);
        if (amount > 0n) book.release(bookEntry(row), amount);
      }
    }
    const best = async (side: "buy" | "sell") => {
      const orders = book?.ordersOf(side, 10) ?? [];
      const rows = await ordersByHash(db, orders.map((o: BookOrder) => o.hash));
      return orders.map((o) => ({ ...orderView(rows.get(o.hash)!), remaining: o.remaining }));
    };
    return {
      token: getAddress(token),
      cashToken: getAddress(cashToken),
      bids: book?.depth("buy", levels) ?? [],
      asks: book?.depth("sell", levels) ?? [],
      bestBids: await best("buy"),
      bestAsks: await best("sell"),
    };
  }

  return {
    settings,
    settlement: reads.settlement,
    /** ERC-3643 isVerified of the wallet, read with other placements' views. */
    isVerified: reads.isVerified,
    placeOrder,
    placeOrders,
    cancelOrder,
    reconcile,
    ingest,
    orderBook,
    /** Checks every suspended order now (the leader also does every two seconds): those that can fill come back. */
    reviewSuspended: () => asLeader(() => reviewSuspendedNow(), { suspended: 0, restored: 0 }),
    /** True while this replica runs the matching engine. */
    get leading() {
      return leader.held;
    },

    async getOrder(hash: string): Promise<OrderView | null> {
      const { rows } = await db.query<OrderRow>(`select * from market_orders where hash = $1`, [String(hash).toLowerCase()]);
      return rows[0] ? orderView(rows[0]) : null;
    },

    async myOrders(maker: Address, limit = 100): Promise<OrderView[]> {
      const { rows } = await db.query<OrderRow>(`select * from market_orders where maker = $1 order by sequence desc limit $2`, [getAddress(maker), limit]);
      return rows.map(orderView);
    },

    async trades(token: Address, limit = 100): Promise<TradeView[]> {
      const { rows } = await db.query<TradeRow>(`select * from market_trades where token = $1 order by id desc limit $2`, [getAddress(token), limit]);
      return rows.map(tradeView);
    },

    async skippedPairs(incoming: Hex): Promise<{ resting: Hex; reason: string }[]> {
      const { rows } = await db.query<{ resting_hash: Hex; reason: string }>(`select resting_hash, reason from market_skipped_pairs where incoming_hash = $1 order by id`, [incoming]);
      return rows.map((r) => ({ resting: r.resting_hash, reason: r.reason }));
    },

    /** The price of the latest confirmed trade of the token, or null. */
    async lastPrice(token: Address): Promise<bigint | null> {
      const { rows } = await db.query<{ price: string }>(`select price from market_trades where token = $1 and status = 'confirmed' order by id desc limit 1`, [getAddress(token)]);
      return rows[0] ? BigInt(rows[0].price) : null;
    },

    /** True while this replica hears the others through PostgreSQL LISTEN (never on PGlite). */
    get listening() {
      return notify.listening;
    },

    /**
     * Reconciles trades every quarter second until `stop`, and at once when this process's outbox worker confirms or
     * fails a settlement; takes in other replicas' orders: at once when one notifies (PostgreSQL), else on each tick
     * (PGlite), and every `ingestPollMs` in any case.
     */
    start(startOptions: { ingestPollMs?: number } = {}) {
      if (timer) return;
      const pollMs = startOptions.ingestPollMs ?? INGEST_SAFETY_POLL_MS;
      let running = false;
      let again = false;
      const tick = () => {
        running = true;
        again = false;
        const listening = notify.listening;
        if (!listening) notify.listen().catch((error) => logger.warn({ msg: "market LISTEN failed", err: error }));
        const due = !listening || Date.now() - lastIngest >= pollMs;
        (due ? ingest() : Promise.resolve(0))
          .then(() => reconcile())
          .catch((error) => logger.warn({ msg: "market reconcile failed", err: error }))
          .finally(() => {
            running = false;
            if (timer) timer = setTimeout(tick, again ? 0 : RECONCILE_INTERVAL_MS);
          });
      };
      timer = setTimeout(tick, 0);
      // A settlement this process's outbox worker confirmed or failed is reconciled at once, not on the next tick.
      stopFollowing = outbox.onSettled((entry) => {
        if (entry.purpose !== SETTLE_PURPOSE || !timer) return;
        if (running) {
          again = true;
        } else {
          clearTimeout(timer);
          timer = setTimeout(tick, 0);
        }
      });
    },

    async stop() {
      stopFollowing();
      stopFollowing = () => {};
      const t = timer;
      timer = null;
      if (t) clearTimeout(t);
      await notify.close();
      // Every book change queued so far is done.
      await exclusive(async () => {});
      await leader.release();
    },
  };
}

export type MarketService = ReturnType<typeof createMarketService>;
