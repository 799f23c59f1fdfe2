import type { Migration } from "./index.ts";

/**
 * The secondary market (server/src/market): signed orders as their makers signed them, the matching engine's trades
 * and each security token's market settings. The in-memory order book is rebuilt from the open orders (in `sequence`
 * order, their time priority) at start. Amounts are numeric(78, 0); addresses checksummed, hashes lowercase hex.
 */
export const m009Market: Migration = {
  id: 9,
  name: "market",
  sql: `
    create table market_settings (
      token text primary key,
      cash_token text not null,
      -- Prices must be a multiple of the tick (cash units per whole token), amounts a multiple of the lot (token units).
      tick_size numeric(78, 0) not null check (tick_size > 0),
      lot_size numeric(78, 0) not null check (lot_size > 0),
      enabled boolean not null,
      updated_by text not null,
      updated_at timestamptz not null default now()
    );

    create sequence market_order_sequence;

    create table market_orders (
      hash text primary key,
      settlement text not null,
      maker text not null,
      side smallint not null check (side in (0, 1)),
      token text not null,
      cash_token text not null,
      amount numeric(78, 0) not null check (amount > 0),
      price numeric(78, 0) not null check (price > 0),
      nonce numeric(78, 0) not null,
      expiry bigint not null,
      taker text not null,
      signature text not null,
      status text not null check (status in ('open', 'filled', 'cancelled', 'expired', 'unfillable')),
      -- Settled on chain (confirmed trades) and being settled (pending trades); never more than amount together.
      filled numeric(78, 0) not null default 0,
      reserved numeric(78, 0) not null default 0,
      sequence bigint not null unique,
      -- False while the order waits for the leading matching engine (placed on another replica): it is matched
      -- when the leader takes it in, in sequence order.
      booked boolean not null default true,
      created_at timestamptz not null default now(),
      check (filled >= 0 and reserved >= 0 and filled + reserved <= amount)
    );
    -- One order per maker and nonce: filling an order whole uses its nonce on chain, which would void any other.
    create unique index market_orders_maker_nonce on market_orders (settlement, maker, nonce);
    create index market_orders_open on market_orders (token, cash_token, sequence) where status = 'open';
    create index market_orders_unbooked on market_orders (sequence) where not booked and status = 'open';
    create index market_orders_maker on market_orders (maker, sequence);

    create table market_trades (
      id bigserial primary key,
      token text not null,
      cash_token text not null,
      -- The resting order (the contract's maker) and the incoming one (taker).
      maker_hash text not null references market_orders (hash),
      taker_hash text not null references market_orders (hash),
      buy_hash text not null references market_orders (hash),
      sell_hash text not null references market_orders (hash),
      price numeric(78, 0) not null,
      amount numeric(78, 0) not null check (amount > 0),
      cash numeric(78, 0) not null,
      status text not null check (status in ('pending', 'confirmed', 'failed')),
      outbox_entry_id bigint references outbox_entries (id),
      tx_hash text,
      block_number bigint,
      failure text,
      created_at timestamptz not null default now()
    );
    create index market_trades_token on market_trades (token, id);
    create index market_trades_pending on market_trades (id) where status = 'pending';

    -- Pairs the matching engine stepped over, and why (e.g. the token's transfer restriction between the makers).
    create table market_skipped_pairs (
      id bigserial primary key,
      resting_hash text not null references market_orders (hash),
      incoming_hash text not null references market_orders (hash),
      reason text not null,
      created_at timestamptz not null default now()
    );
  `,
};
