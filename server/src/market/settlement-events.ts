import { getAddress, type Hex } from "viem";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { Fillability } from "./fillability.ts";
import type { MarketBooks } from "./market-books.ts";
import type { MarketChain } from "./market-chain.ts";
import type { MarketFeed } from "./market-feed.ts";
import { openRemaining, type OrderRow } from "./market-orders.ts";

const ZERO_HASH = `0x${"0".repeat(64)}`;

interface EventRow {
  contract: string;
  event: string;
  args: Record<string, string>;
  block_number: string;
}

/** Events of tokens and the identity registry after which some orders' fillability may have changed. */
const WALLET_EVENTS: Record<string, string> = {
  AddressFrozen: "_userAddress", TokensFrozen: "_userAddress", TokensUnfrozen: "_userAddress", TokensLocked: "wallet", ForcedTransfer: "from",
};
const TOKEN_EVENTS = new Set(["Paused", "Unpaused", "TradingHalted", "TradingResumed"]);
const REGISTRY_EVENTS = new Set(["InvestorRegistered", "InvestorUpdated", "InvestorStatusChanged", "InvestorRemoved", "WalletAdded", "WalletRemoved"]);

/**
 * The market following the index (the indexer's rows, not the chain itself): the Settlement's events close orders
 * cancelled on chain (cancel, cancelUpTo) and reduce orders filled outside the engine (a direct `fill`); transfers,
 * freezes, registry changes and halts send the orders they touch through the fillability check, so they leave the
 * book or come back. The position is this process's (from the index's head when it takes the lead): what happened
 * before is in the database already, and the leader's periodic review of suspended orders catches what no event says.
 */
export function createSettlementEvents(options: {
  db: Database; reads: MarketChain; logger: Logger; books: MarketBooks; feed: MarketFeed; fillability: Fillability;
}) {
  const { db, reads, logger, books, feed, fillability } = options;
  let position: number | null = null;

  const indexedHead = async (): Promise<number | null> => {
    const { rows } = await db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor where chain_id = $1`, [reads.chainId]);
    return rows[0] ? Number(rows[0].last_block) : null;
  };

  /** Handles every indexed block since the last call; returns how many events it looked at. */
  async function follow(): Promise<number> {
    const head = await indexedHead();
    if (head === null) return 0;
    if (position === null || head < position) position = head;
    if (head === position) return 0;
    const from = position;
    const settlement = reads.settlement().toLowerCase();
    const { rows: events } = await db.query<EventRow>(
      `select contract, event, args, block_number::text from contract_events where block_number > $1 and block_number <= $2 order by block_number, log_index`, [from, head]);
    const { rows: transfers } = await db.query<{ token: string; from_address: string; to_address: string }>(
      `select token, from_address, to_address from transfers where block_number > $1 and block_number <= $2`, [from, head]);
    const wallets = new Set<string>();
    const tokens = new Set<string>();
    let registry = false;
    for (const e of events) {
      if (e.contract === settlement) await settlementEvent(e, tokens);
      else if (REGISTRY_EVENTS.has(e.event)) registry = true;
      else if (WALLET_EVENTS[e.event]) wallets.add(getAddress(e.args[WALLET_EVENTS[e.event]!]!));
      else if (TOKEN_EVENTS.has(e.event)) tokens.add(getAddress(e.contract));
    }
    for (const t of transfers) for (const w of [t.from_address, t.to_address]) wallets.add(getAddress(w));
    // A registry change names an investor, not a wallet: every open order is checked again (such changes are rare).
    if (registry) await fillability.reviewWhere("true", []);
    else if (wallets.size || tokens.size) await fillability.reviewWhere("maker = any($1::text[]) or token = any($2::text[])", [[...wallets], [...tokens]]);
    position = head;
    return events.length + transfers.length;
  }

  async function settlementEvent(e: EventRow, tokens: Set<string>) {
    const a = e.args;
    if (e.event === "OrderCancelled") return closeCancelled(`maker = $2 and nonce = $3`, [getAddress(a.maker!), a.nonce]);
    if (e.event === "NoncesCancelled") return closeCancelled(`maker = $2 and nonce < $3`, [getAddress(a.maker!), a.minNonce]);
    if (e.event === "TradingHalted" || e.event === "TradingResumed") return void tokens.add(getAddress(a.token!));
    if (e.event === "TradeExecuted" && a.takerOrderHash === ZERO_HASH) return filledElsewhere(a.makerOrderHash as Hex);
  }

  /** The maker cancelled on chain: its matching open orders close and leave the book. */
  async function closeCancelled(where: string, params: unknown[]) {
    const { rows } = await db.query<OrderRow>(
      `update market_orders set status = 'cancelled' where settlement = $1 and status = 'open' and ${where} returning *`, [reads.settlement(), ...params]);
    for (const row of rows) {
      books.drop(row);
      logger.info({ msg: "market order cancelled on chain", order: row.hash });
    }
    feed.books(rows.map((r) => r.token));
  }

  /**
   * A taker filled the order directly: what the Settlement counts as filled, less what the engine settled or is
   * settling, was filled elsewhere. Read from the contract, so seeing the event twice counts it once.
   */
  async function filledElsewhere(hash: Hex) {
    const onChain = await reads.filledAmount(hash);
    const { rows } = await db.query<OrderRow>(
      `update market_orders set
         external_filled = greatest(external_filled, least($2::numeric - filled - reserved, amount - filled - reserved)),
         status = case when filled + reserved + greatest(external_filled, least($2::numeric - filled - reserved, amount - filled - reserved)) >= amount and reserved = 0 then 'filled' else status end
       where hash = $1 and status = 'open' returning *`,
      [hash.toLowerCase(), onChain.toString()],
    );
    const row = rows[0];
    if (!row) return;
    books.drop(row);
    if (row.status === "open" && !row.suspended && row.booked) books.rest(row, openRemaining(row));
    feed.book(row.token);
    logger.info({ msg: "market order filled outside the engine", order: row.hash, externalFilled: row.external_filled });
  }

  return {
    follow,
    /** Forget the position (a new lead starts from the index's head). */
    reset() {
      position = null;
    },
  };
}

export type SettlementEvents = ReturnType<typeof createSettlementEvents>;
