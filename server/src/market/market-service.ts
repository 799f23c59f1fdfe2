import { encodeFunctionData, getAddress, isAddress, isHex, zeroAddress, type Address, type Hex } from "viem";
import { settlementAbi } from "../../../deployments/abi/index.ts";
import { cashFor, orderHash, type MarketOrder } from "../../../lib/market/order.ts";
import type { Chain } from "../chain/chain.ts";
import type { AdvisoryLock, Database, Queryable } from "../db/database.ts";
import type { UnsignedTransaction } from "../distributions/funding-transactions.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { BookOrder, Match, SkippedPair } from "./engine/book-order.ts";
import { OrderBook, type DepthLevel } from "./engine/order-book.ts";
import { createMarketChain } from "./market-chain.ts";
import {
  MAX_EXPIRY, MAX_ORDER_VALUE, openRemaining, orderView, signedOrderOf, tradeView,
  type OrderRow, type OrderView, type TradeRow, type TradeView,
} from "./market-orders.ts";
import { createMarketSettings, type MarketSettings } from "./market-settings.ts";

/** The order as the API receives it: the signed fields (side 0 buy, 1 sell; taker null for anyone). */
export interface OrderInput {
  maker: Address;
  side: number;
  token: Address;
  cashToken: Address;
  amount: bigint;
  price: bigint;
  nonce: bigint;
  expiry: bigint;
  taker?: Address | null;
}

export interface PlaceResult {
  order: OrderView;
  trades: TradeView[];
  skipped: { resting: Hex; incoming: Hex; reason: string }[];
}

export interface OrderBookView {
  token: Address;
  cashToken: Address;
  bids: DepthLevel[];
  asks: DepthLevel[];
  bestBids: OrderView[];
  bestAsks: OrderView[];
}

/** How many crossing resting orders the engine checks with the token before a placement (the rest wait). */
const CANDIDATES = 256;
const RECONCILE_INTERVAL_MS = 250;
const NOT_CHECKED = "not checked against the token's rules yet";

const bookKey = (token: Address, cashToken: Address) => `${token}/${cashToken}`;

/**
 * The secondary market: validates signed orders, keeps one in-memory price-time order book per (security token,
 * cash token) pair, and settles each match through the outbox (Settlement.settle, signed by the server's operator
 * key). The database is the record: an order enters the book in the same step as it is stored, a match is stored as
 * a pending trade with its outbox entry, and the books are rebuilt from the open orders at start. Book changes run
 * one at a time (this process's lock), so the book and the database never disagree.
 */
export function createMarketService(options: { db: Database; chain: Chain; outbox: Outbox; logger: Logger }) {
  const { db, outbox, logger } = options;
  const reads = createMarketChain(options.chain);
  const settings = createMarketSettings({ db, reads });
  const books = new Map<string, OrderBook>();
  /** Expiry of every order in a book, so a pair check can step over expired resting orders at once. */
  const expiries = new Map<Hex, bigint>();
  let loaded: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let lock: AdvisoryLock | null = null;
  let acquiring: Promise<boolean> | null = null;

  /**
   * Whether this replica runs the matching engine: it holds the market's advisory lock (one leader per database).
   * On taking the lead it rebuilds its books from the database, so a replica that takes over loses nothing.
   */
  function leads(): Promise<boolean> {
    if (lock?.held) return Promise.resolve(true);
    acquiring ??= db.tryAdvisoryLock("folio:market-engine").then((taken) => {
      if (lock && !lock.held) logger.warn({ msg: "market engine lost its lock" });
      lock = taken;
      if (taken) {
        books.clear();
        expiries.clear();
        loaded = null;
        logger.info({ msg: "market engine leads" });
      }
      return taken !== null;
    }).finally(() => {
      acquiring = null;
    });
    return acquiring;
  }

  /** Runs `work` after every earlier book change of this process. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  const bookOf = (token: Address, cashToken: Address): OrderBook => {
    const key = bookKey(token, cashToken);
    let book = books.get(key);
    if (!book) books.set(key, (book = new OrderBook()));
    return book;
  };

  const bookEntry = (row: OrderRow) => ({
    hash: row.hash,
    maker: getAddress(row.maker),
    side: row.side === 0 ? ("buy" as const) : ("sell" as const),
    price: BigInt(row.price),
    taker: row.taker === zeroAddress ? null : getAddress(row.taker),
    sequence: Number(row.sequence),
  });

  /** Rests an open order's matchable amount in its book without matching (rebuild, or a failed settlement). */
  function rest(row: OrderRow, amount: bigint) {
    if (amount <= 0n) return;
    bookOf(getAddress(row.token), getAddress(row.cash_token)).release(bookEntry(row), amount);
    expiries.set(row.hash, BigInt(row.expiry));
  }

  /** Builds every book from the open orders, in their time priority (only once per process). */
  function ensureLoaded(): Promise<void> {
    loaded ??= exclusive(async () => {
      const { rows } = await db.query<OrderRow>(`select * from market_orders where status = 'open' and booked order by sequence`);
      for (const row of rows) rest(row, openRemaining(row));
      logger.info({ msg: "market order books rebuilt", orders: rows.length, books: books.size });
    }).catch((error) => {
      loaded = null;
      throw error;
    });
    return loaded;
  }

  async function ordersByHash(q: Queryable, hashes: Hex[]): Promise<Map<Hex, OrderRow>> {
    const { rows } = await q.query<OrderRow>(`select * from market_orders where hash = any($1::text[])`, [hashes]);
    return new Map(rows.map((r) => [r.hash, r]));
  }

  /**
   * Why `maker` cannot fund `remaining` more of an order now, counting what its other open orders on the same side
   * of the token already commit, or null. Sell: spendable security tokens (not frozen, not locked) and their
   * allowance to the Settlement; buy: cash for amount at price rounded up, and its allowance.
   */
  async function fundingProblem(order: MarketOrder, remaining: bigint, except: Hex | null): Promise<FolioError | null> {
    const { rows } = await db.query<OrderRow>(
      `select * from market_orders where maker = $1 and token = $2 and side = $3 and status = 'open' and ($4::text is null or hash <> $4::text)`,
      [order.maker, order.token, order.side, except],
    );
    const decimals = await reads.decimals(order.token);
    if (order.side === 1) {
      const needed = rows.reduce((sum, r) => sum + BigInt(r.amount) - BigInt(r.filled), remaining);
      const [spendable, allowance] = await Promise.all([reads.spendable(order.token, order.maker), reads.allowanceToSettlement(order.token, order.maker)]);
      if (spendable < needed) return new FolioError("MARKET_INSUFFICIENT_BALANCE", `The maker can transfer ${spendable} token units now (not frozen, not locked); its open sell orders need ${needed}`);
      if (allowance < needed) return new FolioError("MARKET_INSUFFICIENT_ALLOWANCE", `The maker allows the Settlement ${allowance} token units; its open sell orders need ${needed}`, { hint: "approve the Settlement contract on the security token" });
      return null;
    }
    const cashOf = (amount: bigint, price: bigint) => cashFor(amount, price, decimals, true);
    const needed = rows.reduce((sum, r) => sum + cashOf(BigInt(r.amount) - BigInt(r.filled), BigInt(r.price)), cashOf(remaining, order.price));
    const [balance, allowance] = await Promise.all([reads.balanceOf(order.cashToken, order.maker), reads.allowanceToSettlement(order.cashToken, order.maker)]);
    if (balance < needed) return new FolioError("MARKET_INSUFFICIENT_BALANCE", `The maker holds ${balance} cash units; its open buy orders need ${needed}`);
    if (allowance < needed) return new FolioError("MARKET_INSUFFICIENT_ALLOWANCE", `The maker allows the Settlement ${allowance} cash units; its open buy orders need ${needed}`, { hint: "approve the Settlement contract on the cash token" });
    return null;
  }

  /** Checks everything about a signed order but the book; returns it normalised with its hash. */
  async function validate(maker: Address, input: OrderInput, signature: string): Promise<{ order: MarketOrder; hash: Hex; settings: MarketSettings }> {
    const order = normalise(input);
    if (order.maker !== maker) throw new FolioError("MARKET_MAKER_NOT_SIGNED_IN", "The order's maker must be the signed-in wallet");
    if (!isHex(signature, { strict: true }) || signature.length < 4) throw new FolioError("MARKET_INVALID_SIGNATURE", "The signature must be 0x-prefixed hex");
    const market = await settings.get(order.token);
    if (!market || !market.enabled) throw new FolioError("MARKET_NOT_OPEN", `There is no open market for token ${order.token}`, { hint: "the token's owner or agent opens it with setMarketSettings" });
    if (market.cashToken !== order.cashToken) throw new FolioError("MARKET_WRONG_CASH_TOKEN", `Token ${order.token} trades against ${market.cashToken}`);
    if (order.amount % market.lotSize !== 0n) throw new FolioError("MARKET_AMOUNT_OFF_LOT", `The amount must be a multiple of the lot size ${market.lotSize}`);
    if (order.price % market.tickSize !== 0n) throw new FolioError("MARKET_PRICE_OFF_TICK", `The price must be a multiple of the tick size ${market.tickSize}`);
    const hash = orderHash(order, reads.chainId, reads.settlement());
    if (!(await reads.verifySignature(order, signature))) {
      throw new FolioError("MARKET_INVALID_SIGNATURE", "The signature is not the maker's over this order for this chain and Settlement contract");
    }
    const [now, existing, nonceUsed, halted] = await Promise.all([
      reads.chainTime(),
      db.query<{ hash: string }>(`select hash from market_orders where hash = $1 or (settlement = $2 and maker = $3 and nonce = $4)`, [hash, reads.settlement(), order.maker, order.nonce.toString()]),
      reads.isNonceUsed(order.maker, order.nonce),
      reads.isTradingHalted(order.token),
    ]);
    if (order.expiry <= now) throw new FolioError("MARKET_ORDER_EXPIRED", `The order expired at ${order.expiry} (chain time ${now})`);
    if (existing.rows.some((r) => r.hash === hash)) throw new FolioError("MARKET_ORDER_EXISTS", "This signed order was already placed");
    if (existing.rows.length || nonceUsed) throw new FolioError("MARKET_NONCE_USED", `Nonce ${order.nonce} of this maker is used or cancelled`, { hint: "sign the order again with a new nonce" });
    if (halted) throw new FolioError("MARKET_TRADING_HALTED", `Trading of ${order.token} is halted by its agent`);
    const allowed = order.side === 1 ? await reads.canSend(order.token, order.maker) : await reads.canReceive(order.token, order.maker);
    if (!allowed) throw new FolioError("MARKET_TRANSFER_NOT_ALLOWED", `The token does not let this wallet ${order.side === 1 ? "send" : "receive"} it now`);
    const problem = await fundingProblem(order, order.amount, null);
    if (problem) throw problem;
    return { order, hash, settings: market };
  }

  /** Takes out of the books the given orders that are no longer open in the database (cancelled on another replica). */
  async function dropClosed(hashes: Hex[]) {
    if (!hashes.length) return;
    const { rows } = await db.query<OrderRow>(`select * from market_orders where hash = any($1::text[]) and status <> 'open'`, [hashes]);
    for (const row of rows) {
      bookOf(getAddress(row.token), getAddress(row.cash_token)).remove(row.hash);
      expiries.delete(row.hash);
    }
  }

  /** The token's verdict on each crossing resting order against the incoming one (async reads before the sync match). */
  async function pairRefusals(book: OrderBook, order: MarketOrder, incomingMaker: Address, now: bigint): Promise<Map<Hex, string | null>> {
    const side = order.side === 0 ? "sell" : "buy";
    const crossingOf = () => book.ordersOf(side, CANDIDATES).filter((r) => (order.side === 0 ? r.price <= order.price : r.price >= order.price));
    await dropClosed(crossingOf().map((r) => r.hash));
    const crossing = crossingOf();
    const verdicts = new Map<Hex, string | null>();
    await Promise.all(crossing.map(async (resting) => {
      if ((expiries.get(resting.hash) ?? 0n) < now) return verdicts.set(resting.hash, "the resting order has expired");
      const [seller, buyer] = order.side === 0 ? [resting.maker, incomingMaker] : [incomingMaker, resting.maker];
      const amount = resting.remaining < order.amount ? resting.remaining : order.amount;
      verdicts.set(resting.hash, resting.maker === incomingMaker ? null : await reads.restriction(order.token, seller, buyer, amount));
    }));
    return verdicts;
  }

  /**
   * Places a valid signed order: on the leading replica it is stored and matched in one step; on any other it is
   * stored for the leader, which takes it in (in sequence order) on its next pass.
   */
  async function placeOrder(maker: Address, input: OrderInput, signature: string): Promise<PlaceResult> {
    if (!(await leads())) {
      const { order, hash } = await validate(getAddress(maker), input, signature);
      const row = await db.transaction(async (tx) => insertOrder(tx, order, hash, signature, false));
      return { order: orderView(row), trades: [], skipped: [] };
    }
    await ensureLoaded();
    return exclusive(async () => {
      const { order, hash } = await validate(getAddress(maker), input, signature);
      return enterBook(order, hash, signature, null);
    });
  }

  async function insertOrder(tx: Queryable, order: MarketOrder, hash: Hex, signature: string, booked: boolean): Promise<OrderRow> {
    const seq = await tx.query<{ n: string }>(`select nextval('market_order_sequence')::text as n`);
    const inserted = await tx.query<OrderRow>(
      `insert into market_orders (hash, settlement, maker, side, token, cash_token, amount, price, nonce, expiry, taker, signature, status, sequence, booked)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14) returning *`,
      [hash, reads.settlement(), order.maker, order.side, order.token, order.cashToken, order.amount.toString(), order.price.toString(),
        order.nonce.toString(), order.expiry.toString(), order.taker, signature.toLowerCase(), seq.rows[0]!.n, booked],
    );
    return inserted.rows[0]!;
  }

  /**
   * Matches an order and rests what is left, storing it (or marking a stored one booked), its trades with their
   * outbox entries and the skipped pairs in one database transaction; the book is put back if that fails.
   */
  async function enterBook(order: MarketOrder, hash: Hex, signature: string, stored: OrderRow | null): Promise<PlaceResult> {
    {
      const book = bookOf(order.token, order.cashToken);
      const now = await reads.chainTime();
      const verdicts = await pairRefusals(book, order, order.maker, now);
      const decimals = await reads.decimals(order.token);
      let placed: ReturnType<OrderBook["place"]> | null = null;
      try {
        return await db.transaction(async (tx) => {
          let row: OrderRow;
          if (stored) {
            const taken = await tx.query<OrderRow>(`update market_orders set booked = true where hash = $1 and status = 'open' and not booked returning *`, [hash]);
            if (!taken.rows[0]) throw new FolioError("MARKET_ORDER_NOT_OPEN", `Order ${hash} is no longer waiting for the book`);
            row = taken.rows[0];
          } else {
            row = await insertOrder(tx, order, hash, signature, true);
          }
          const sequence = Number(row.sequence);
          placed = book.place(
            { hash, maker: order.maker, side: order.side === 0 ? "buy" : "sell", price: order.price, remaining: order.amount, taker: order.taker === zeroAddress ? null : order.taker, sequence },
            (resting) => (verdicts.has(resting.hash) ? verdicts.get(resting.hash)! : NOT_CHECKED),
          );
          expiries.set(hash, order.expiry);
          const trades = await recordMatches(tx, row, placed.matches, decimals);
          await recordSkipped(tx, placed.skipped);
          const { rows } = await tx.query<OrderRow>(`select * from market_orders where hash = $1`, [hash]);
          return {
            order: orderView(rows[0]!),
            trades,
            skipped: placed.skipped.map((s) => ({ resting: s.resting.hash, incoming: s.incoming.hash, reason: s.reason })),
          };
        });
      } catch (error) {
        // Nothing was stored: the book forgets the order and gives the resting orders their amounts back.
        if (placed) undoPlacement(book, placed);
        expiries.delete(hash);
        throw error;
      }
    }
  }

  /**
   * The leader takes in the orders other replicas stored for it, in sequence order. An order that can no longer
   * be funded or has expired meanwhile is marked so instead of entering the book.
   */
  async function ingest(): Promise<number> {
    if (!(await leads())) return 0;
    await ensureLoaded();
    return exclusive(async () => {
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
    });
  }

  function undoPlacement(book: OrderBook, placed: ReturnType<OrderBook["place"]>) {
    book.remove(placed.order.hash);
    for (const m of placed.matches) book.release(m.resting, m.amount);
  }

  /** Each match: a pending trade, both orders' amounts reserved, and one `settle` written to the outbox. */
  async function recordMatches(tx: Queryable, incoming: OrderRow, matches: Match[], decimals: number): Promise<TradeView[]> {
    if (!matches.length) return [];
    const rows = await ordersByHash(tx, matches.map((m) => m.resting.hash));
    rows.set(incoming.hash, incoming);
    const trades: TradeView[] = [];
    for (const m of matches) {
      const maker = rows.get(m.resting.hash)!;
      // Rounded in the resting (maker) order's favour, as the contract does; the lot size makes it exact.
      const cash = cashFor(m.amount, m.price, decimals, m.resting.side === "sell");
      const inserted = await tx.query<TradeRow>(
        `insert into market_trades (token, cash_token, maker_hash, taker_hash, buy_hash, sell_hash, price, amount, cash, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') returning *`,
        [incoming.token, incoming.cash_token, m.resting.hash, incoming.hash, m.buy.hash, m.sell.hash, m.price.toString(), m.amount.toString(), cash.toString()],
      );
      const trade = inserted.rows[0]!;
      await tx.query(`update market_orders set reserved = reserved + $2 where hash = any($1::text[])`, [[m.buy.hash, m.sell.hash], m.amount.toString()]);
      const entry = await outbox.enqueue(
        {
          idempotencyKey: `market.settle:${trade.id}:${incoming.hash}`,
          purpose: "market.settle",
          to: reads.settlement(),
          abi: settlementAbi,
          functionName: "settle",
          args: [[{ maker: signedOrderOf(maker), makerSignature: maker.signature, taker: signedOrderOf(incoming), takerSignature: incoming.signature, amount: m.amount }]],
        },
        { tx },
      );
      const updated = await tx.query<TradeRow>(`update market_trades set outbox_entry_id = $2 where id = $1 returning *`, [trade.id, entry.id]);
      trades.push(tradeView(updated.rows[0]!));
    }
    return trades;
  }

  async function recordSkipped(tx: Queryable, skipped: SkippedPair[]) {
    for (const s of skipped) {
      await tx.query(`insert into market_skipped_pairs (resting_hash, incoming_hash, reason) values ($1, $2, $3)`, [s.resting.hash, s.incoming.hash, s.reason]);
    }
  }

  async function cancelOrder(maker: Address, hash: string): Promise<{ order: OrderView; cancelTransaction: UnsignedTransaction }> {
    // On another replica the order is only stored as cancelled: the leader drops it before it could match again.
    if (await leads()) await ensureLoaded();
    return exclusive(async () => {
      const key = typeof hash === "string" ? hash.toLowerCase() : "";
      const { rows } = await db.query<OrderRow>(`select * from market_orders where hash = $1`, [key]);
      const row = rows[0];
      if (!row) throw new FolioError("MARKET_ORDER_NOT_FOUND", `No order ${hash}`);
      if (getAddress(row.maker) !== getAddress(maker)) throw new FolioError("MARKET_NOT_MAKER", "Only the order's maker may cancel it");
      if (row.status !== "open") throw new FolioError("MARKET_ORDER_NOT_OPEN", `The order is ${row.status}`);
      const updated = await db.query<OrderRow>(`update market_orders set status = 'cancelled' where hash = $1 and status = 'open' returning *`, [key]);
      if (!updated.rows[0]) throw new FolioError("MARKET_ORDER_NOT_OPEN", "The order is no longer open");
      bookOf(getAddress(row.token), getAddress(row.cash_token)).remove(row.hash);
      expiries.delete(row.hash);
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

  /**
   * Moves pending trades whose settlement is confirmed or failed in the outbox: confirmed ones add to both orders'
   * filled amounts; failed ones give the reserved amounts back to the book. The status change from pending is the
   * guard (one SQL update), so an amount is given back once however many times this runs. Also expires orders.
   */
  async function reconcile(): Promise<{ confirmed: number; failed: number; expired: number }> {
    // Only the leader: it gives amounts back to its own books (the status guard would also stop a second pass).
    if (!(await leads())) return { confirmed: 0, failed: 0, expired: 0 };
    await ensureLoaded();
    return exclusive(async () => {
      const now = await reads.chainTime();
      await dropClosed([...expiries.keys()]);
      const result = await db.transaction(async (tx) => {
        const moved = await tx.query<TradeRow>(
          `update market_trades t set
             status = case when o.status = 'confirmed' then 'confirmed' else 'failed' end,
             tx_hash = o.tx_hash, block_number = o.block_number,
             failure = case when o.status = 'failed' then coalesce(o.error_name, o.error_code, 'failed') end
           from outbox_entries o
           where o.id = t.outbox_entry_id and t.status = 'pending' and o.status in ('confirmed', 'failed')
           returning t.*`,
        );
        const release: { hash: Hex; amount: bigint }[] = [];
        for (const t of moved.rows) {
          const hashes = [t.buy_hash, t.sell_hash];
          if (t.status === "confirmed") {
            await tx.query(
              `update market_orders set filled = filled + $2, reserved = reserved - $2,
                 status = case when status = 'open' and filled + $2 = amount then 'filled' else status end
               where hash = any($1::text[])`,
              [hashes, t.amount],
            );
          } else {
            await tx.query(`update market_orders set reserved = reserved - $2 where hash = any($1::text[])`, [hashes, t.amount]);
            for (const h of hashes) release.push({ hash: h, amount: BigInt(t.amount) });
          }
        }
        const expired = await tx.query<OrderRow>(`update market_orders set status = 'expired' where status = 'open' and expiry < $1 returning *`, [now.toString()]);
        const rows = await ordersByHash(tx, release.map((r) => r.hash));
        return { moved: moved.rows, release, rows, expired: expired.rows };
      });
      // After commit: the book follows what is stored.
      for (const row of result.expired) {
        bookOf(getAddress(row.token), getAddress(row.cash_token)).remove(row.hash);
        expiries.delete(row.hash);
      }
      const released = new Set<Hex>();
      for (const { hash, amount } of result.release) {
        const row = result.rows.get(hash)!;
        if (row.status !== "open") continue;
        rest(row, amount);
        released.add(hash);
      }
      // An order that failed because its maker can no longer fund it leaves the book until placed again.
      for (const hash of released) await retireIfUnfunded(result.rows.get(hash)!);
      const confirmed = result.moved.filter((t) => t.status === "confirmed").length;
      if (result.moved.length) logger.info({ msg: "market trades settled", confirmed, failed: result.moved.length - confirmed });
      return { confirmed, failed: result.moved.length - confirmed, expired: result.expired.length };
    });
  }

  async function retireIfUnfunded(row: OrderRow) {
    const fresh = (await db.query<OrderRow>(`select * from market_orders where hash = $1`, [row.hash])).rows[0]!;
    const remaining = BigInt(fresh.amount) - BigInt(fresh.filled);
    const problem = await fundingProblem(signedOrderOf(fresh), remaining, fresh.hash).catch(() => null);
    if (!problem) return;
    const updated = await db.query(`update market_orders set status = 'unfillable' where hash = $1 and status = 'open' returning hash`, [fresh.hash]);
    if (updated.rows.length) {
      bookOf(getAddress(fresh.token), getAddress(fresh.cash_token)).remove(fresh.hash);
      expiries.delete(fresh.hash);
      logger.info({ msg: "market order unfillable", order: fresh.hash, code: problem.code });
    }
  }

  async function orderBook(token: Address, cashToken: Address, levels = 20): Promise<OrderBookView> {
    let book: OrderBook | undefined;
    if (lock?.held) {
      await ensureLoaded();
      book = books.get(bookKey(getAddress(token), getAddress(cashToken)));
    } else {
      // Another replica leads: the book as stored (its booked open orders), built for this answer.
      book = new OrderBook();
      const { rows } = await db.query<OrderRow>(
        `select * from market_orders where status = 'open' and booked and token = $1 and cash_token = $2 order by sequence`, [getAddress(token), getAddress(cashToken)]);
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
    placeOrder,
    cancelOrder,
    reconcile,
    ingest,
    orderBook,
    /** True while this replica runs the matching engine. */
    get leading() {
      return lock?.held === true;
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

    /** Rebuilds the books and reconciles trades every quarter second until `stop`. */
    start() {
      if (timer) return;
      const tick = () => {
        ingest()
          .then(() => reconcile())
          .catch((error) => logger.warn({ msg: "market reconcile failed", err: error }))
          .finally(() => {
            if (timer) timer = setTimeout(tick, RECONCILE_INTERVAL_MS);
          });
      };
      timer = setTimeout(tick, 0);
    },

    async stop() {
      const t = timer;
      timer = null;
      if (t) clearTimeout(t);
      await queue;
      await acquiring?.catch(() => undefined);
      await lock?.release();
      lock = null;
    },
  };
}

export type MarketService = ReturnType<typeof createMarketService>;

/** Checks the shape and limits of an order's fields; addresses come back checksummed. */
function normalise(input: OrderInput): MarketOrder {
  const address = (value: unknown, field: string): Address => {
    if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new FolioError("MARKET_INVALID_ORDER", `${field} must be an address`);
    return getAddress(value);
  };
  const positive = (value: unknown, field: string, code: string): bigint => {
    if (typeof value !== "bigint" || value <= 0n || value > MAX_ORDER_VALUE) throw new FolioError(code, `${field} must be from 1 to ${MAX_ORDER_VALUE}`);
    return value;
  };
  if (input.side !== 0 && input.side !== 1) throw new FolioError("MARKET_INVALID_ORDER", "side must be 0 (buy) or 1 (sell)");
  if (typeof input.nonce !== "bigint" || input.nonce < 0n || input.nonce >= 2n ** 256n) throw new FolioError("MARKET_INVALID_ORDER", "nonce must be a uint256");
  if (typeof input.expiry !== "bigint" || input.expiry > MAX_EXPIRY) throw new FolioError("MARKET_INVALID_ORDER", "expiry must be a uint64 (Unix seconds)");
  return {
    maker: address(input.maker, "maker"),
    side: input.side,
    token: address(input.token, "token"),
    cashToken: address(input.cashToken, "cashToken"),
    amount: positive(input.amount, "amount", "MARKET_INVALID_AMOUNT"),
    price: positive(input.price, "price", "MARKET_INVALID_PRICE"),
    nonce: input.nonce,
    expiry: input.expiry,
    taker: input.taker ? address(input.taker, "taker") : zeroAddress,
  };
}
