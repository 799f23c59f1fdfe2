import { randomUUID } from "node:crypto";
import type { Hex } from "viem";
import type { Database, Listener, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { TradeView } from "./market-orders.ts";

/** The PostgreSQL channel the market's replicas talk on. */
export const MARKET_CHANNEL = "folio_market";

/** What one replica tells the others: an order waits for the leader, one was cancelled, a book or trade changed. */
export type MarketNotice =
  | { kind: "order"; hash: Hex }
  | { kind: "cancel"; hash: Hex }
  | { kind: "book"; token: string }
  | { kind: "trade"; trade: TradeView };

const BIGINT_FIELDS = ["price", "amount", "cash"] as const;

const encode = (from: string, notice: MarketNotice) =>
  JSON.stringify({ from, ...notice }, (_key, value) => (typeof value === "bigint" ? value.toString() : value));

function decode(payload: string): { from: string; notice: MarketNotice } | null {
  try {
    const { from, ...notice } = JSON.parse(payload) as { from: string } & MarketNotice;
    if (notice.kind === "trade") for (const field of BIGINT_FIELDS) notice.trade[field] = BigInt(notice.trade[field]);
    return { from, notice };
  } catch {
    return null;
  }
}

/**
 * The market's replicas over PostgreSQL LISTEN/NOTIFY: a follower wakes the leader when it stores an order (the
 * leader still polls slowly, in case a notification is lost while its connection is down), and the leader's book
 * and trade changes reach every replica's subscribers. PGlite is one process: nothing to listen to, `send` is a
 * no-op and `listening` stays false.
 */
export function createMarketNotify(options: { db: Database; logger: Logger; onNotice: (notice: MarketNotice) => void }) {
  const { db, logger, onNotice } = options;
  const self = randomUUID();
  const enabled = db.kind === "postgres" && typeof db.listen === "function";
  let listener: Listener | null = null;
  let opening: Promise<void> | null = null;

  return {
    /** Starts (or restarts, after a lost connection) listening; false when there is nothing to listen on. */
    async listen(): Promise<boolean> {
      if (!enabled) return false;
      if (listener?.open) return true;
      opening ??= db.listen!(MARKET_CHANNEL, (payload) => {
        const message = decode(payload);
        if (message && message.from !== self) onNotice(message.notice);
      }).then((l) => {
        listener = l;
      }).finally(() => {
        opening = null;
      });
      await opening;
      return true;
    },

    get listening() {
      return listener?.open === true;
    },

    /** Tells the other replicas; inside `tx` it is delivered when that transaction commits. */
    async send(notice: MarketNotice, tx: Queryable = db): Promise<void> {
      if (!enabled) return;
      await tx.query(`select pg_notify($1, $2)`, [MARKET_CHANNEL, encode(self, notice)]);
    },

    /** `send` after a commit, when a lost notice only delays (the slow poll catches up): failures are logged. */
    post(notice: MarketNotice): void {
      if (!enabled) return;
      this.send(notice).catch((error) => logger.warn({ msg: "market notice not sent", kind: notice.kind, err: error }));
    },

    async close() {
      await opening?.catch(() => undefined);
      await listener?.close();
      listener = null;
    },
  };
}

export type MarketNotify = ReturnType<typeof createMarketNotify>;
