import type { Migration } from "./index.ts";

/**
 * The transaction outbox (server/src/outbox): one row per on-chain write, every signed attempt of it (fee bumps
 * share the nonce), and the next nonce per sender. Amounts are numeric(78, 0): any uint256 fits.
 */
export const m004Outbox: Migration = {
  id: 4,
  name: "outbox",
  sql: `
    create table outbox_entries (
      id bigserial primary key,
      idempotency_key text not null unique,
      purpose text not null,
      chain_id integer not null,
      sender text not null,
      to_address text not null,
      data text not null,
      value numeric(78, 0) not null default 0,
      -- The caller's custom errors, so a revert decodes after a restart even for a contract outside deployments/abi.
      error_abi jsonb,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'confirmed', 'failed')),
      nonce bigint,
      gas_limit numeric(78, 0),
      max_fee_per_gas numeric(78, 0),
      max_priority_fee_per_gas numeric(78, 0),
      -- The latest signed attempt, persisted before it is broadcast: after a crash the same bytes are rebroadcast.
      raw_tx text,
      tx_hash text,
      attempts integer not null default 0,
      sent_at timestamptz,
      block_number bigint,
      block_hash text,
      gas_used numeric(78, 0),
      effective_gas_price numeric(78, 0),
      error_code text,
      error_name text,
      error_args jsonb,
      error_message text,
      last_error text,
      next_attempt_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'pending' or nonce is null),
      check (status not in ('sent', 'confirmed') or (nonce is not null and tx_hash is not null))
    );
    create index outbox_entries_open on outbox_entries (status, id) where status in ('pending', 'sending', 'sent');
    create unique index outbox_entries_sender_nonce on outbox_entries (chain_id, sender, nonce) where nonce is not null;

    create table outbox_attempts (
      tx_hash text primary key,
      entry_id bigint not null references outbox_entries (id),
      nonce bigint not null,
      raw_tx text not null,
      max_fee_per_gas numeric(78, 0) not null,
      max_priority_fee_per_gas numeric(78, 0) not null,
      created_at timestamptz not null default now()
    );
    create index outbox_attempts_entry on outbox_attempts (entry_id);

    create table outbox_nonces (
      chain_id integer not null,
      sender text not null,
      next_nonce bigint not null,
      updated_at timestamptz not null default now(),
      primary key (chain_id, sender)
    );
  `,
};
