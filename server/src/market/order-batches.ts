import type { Hex } from "viem";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { MarketBooks } from "./market-books.ts";
import type { MarketFeed } from "./market-feed.ts";
import type { MarketNotify } from "./market-notify.ts";
import { openRemaining, orderView, type OrderRow } from "./market-orders.ts";
import type { Matching, PlaceResult } from "./matching.ts";
import type { CheckedOrder, OrderIntake } from "./order-intake.ts";

/** Most orders in one `placeOrders` batch (a market maker's ladder of quotes, both sides). */
export const MAX_BATCH_ORDERS = 100;

/** An order of a batch that passed `validate`, with its signature and its place in the batch. */
export interface BatchOrder extends CheckedOrder {
  signature: string;
  index: number;
}

/** Per order of a batch, in the batch's order: placed, or why not (nothing of it was stored). */
export type BatchOutcome = PlaceResult | FolioError;

/** One placement (an order, or a maker's batch) that passed `validate`, and where its orders' outcomes go. */
export interface Placement {
  orders: BatchOrder[];
  outcomes: BatchOutcome[];
}

/** An order on its way into the books, with the placement it came in and where its outcome goes. */
interface Entry extends BatchOrder {
  placement: Placement;
  answer(outcome: BatchOutcome): void;
}

const entriesOf = (placements: Placement[]): Entry[] =>
  placements.flatMap((placement) =>
    placement.orders.map((o) => ({ ...o, placement, answer: (outcome: BatchOutcome) => void (placement.outcomes[o.index] = outcome) })),
  );

/** The entries split by the placement they came in, in their order. */
function byPlacement(entries: Entry[]): Entry[][] {
  const parts = new Map<Placement, Entry[]>();
  for (const e of entries) {
    const part = parts.get(e.placement);
    if (part) part.push(e);
    else parts.set(e.placement, [e]);
  }
  return [...parts.values()];
}

/**
 * Placing the placements waiting in the market's queue with the statements of one order (group commit): admitted
 * together (`admitMany`), then, on the leader, every run of orders that cross nothing (neither the book nor an
 * earlier order of the group) is stored in one insert and rested; an order that crosses goes through `enterBook`
 * alone, after the run before it is stored, so it trades with what came first. Callers run `enterBooks` in the
 * market's queue.
 */
export function createOrderBatches(options: {
  db: Database; logger: Logger; intake: OrderIntake; books: MarketBooks; matching: Matching; feed: MarketFeed; notify: MarketNotify;
}) {
  const { db, logger, intake, books, matching, feed, notify } = options;

  /** A refusal as the API reports it; anything else (the database failing) is logged and reported without its details. */
  function refusal(error: unknown): FolioError {
    if (error instanceof FolioError) return error;
    logger.error({ msg: "market order of a batch not stored", err: error });
    return new FolioError("MARKET_ORDER_NOT_STORED", "The order could not be stored; nothing of it was kept", { hint: "place it again" });
  }

  /** Stores the entries in one insert and rests them; a failed insert stores nothing and is returned. */
  async function storeAndRest(entries: Entry[]): Promise<{ error: unknown } | null> {
    let rows: OrderRow[];
    try {
      rows = await intake.insertOrders(db, entries, true);
    } catch (error) {
      return { error };
    }
    rows.forEach((row, i) => {
      books.rest(row, openRemaining(row));
      entries[i]!.answer({ order: orderView(row), trades: [], skipped: [] });
    });
    feed.books(rows.map((r) => r.token));
    return null;
  }

  function refuse(entries: Entry[], error: unknown) {
    const refused = refusal(error);
    for (const e of entries) e.answer(refused);
  }

  /** Admits the entries in their order; each refused one is answered, the admitted ones are returned. */
  async function admitted(entries: Entry[], q: Queryable = db): Promise<Entry[]> {
    const answers = await intake.admitMany(entries, q);
    return entries.filter((e, i) => {
      if (answers[i]) e.answer(answers[i]!);
      return !answers[i];
    });
  }

  /** On the leader, in the queue: admits, stores, books and matches the placements' orders in their order. */
  async function enterBooks(placements: Placement[]): Promise<void> {
    let run: Entry[] = [];
    // The best price of each side of the run not stored yet, per book: an order meeting it crosses the run.
    let runBest = new Map<string, { buy?: bigint; sell?: bigint }>();

    async function storeRun() {
      if (!run.length) return;
      const stored = run;
      run = [];
      runBest = new Map();
      const failed = await storeAndRest(stored);
      if (!failed) return;
      const parts = byPlacement(stored);
      if (parts.length === 1) return refuse(stored, failed.error);
      // One placement's failure must not refuse the others that only shared its group: each goes in on its own.
      for (const part of parts) {
        const partFailed = await storeAndRest(part);
        if (partFailed) refuse(part, partFailed.error);
      }
    }

    for (const e of await admitted(entriesOf(placements))) {
      const { order } = e;
      const key = `${order.token}/${order.cashToken}`;
      const book = books.bookOf(order.token, order.cashToken);
      const pending = runBest.get(key) ?? {};
      const opposite = order.side === 0 ? [book.best("sell"), pending.sell] : [book.best("buy"), pending.buy];
      const crosses = opposite.some((p) => p !== undefined && (order.side === 0 ? p <= order.price : p >= order.price));
      if (!crosses) {
        run.push(e);
        if (order.side === 0) pending.buy = pending.buy === undefined || order.price > pending.buy ? order.price : pending.buy;
        else pending.sell = pending.sell === undefined || order.price < pending.sell ? order.price : pending.sell;
        runBest.set(key, pending);
        continue;
      }
      await storeRun();
      e.answer(await matching.enterBook(order, e.hash, e.signature, null).catch(refusal));
    }
    await storeRun();
  }

  /** On a replica that does not lead: admits and stores a placement for the leader, which one notice wakes. */
  async function storeForLeader(placement: Placement): Promise<void> {
    await db.transaction(async (tx) => {
      const accepted = await admitted(entriesOf([placement]), tx);
      if (!accepted.length) return;
      const rows = await intake.insertOrders(tx, accepted, false);
      rows.forEach((row, i) => accepted[i]!.answer({ order: orderView(row), trades: [], skipped: [] }));
      await notify.send({ kind: "order", hash: rows[0]!.hash as Hex }, tx);
    });
  }

  return { enterBooks, storeForLeader };
}

export type OrderBatches = ReturnType<typeof createOrderBatches>;
