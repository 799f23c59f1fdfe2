import type { Migration } from "./index.ts";

/**
 * Income distributions (server/src/distributions). A round is declared here (entitlements, Merkle root, proofs) and
 * funded on chain by the issuer; whether it is funded, claimed or reclaimed is read from the Distributor's events in
 * the chain index (contract_events), never stored here, so a reorg rewind un-funds a round by itself.
 * Amounts are numeric(78, 0); investor ids and addresses lowercase hex. No personal data: investor ids only.
 */
export const m006Distributions: Migration = {
  id: 6,
  name: "distributions",
  sql: `
    create table distributions (
      id text primary key,
      -- Listing order (newest first) and the key of list cursors.
      seq bigserial unique,
      chain_id integer not null,
      distributor text not null,
      token text not null,
      cash_token text not null,
      record_block bigint not null,
      -- Set when the round was declared by time: the record block is the last block at or before it.
      record_time bigint,
      amount numeric(78, 0) not null check (amount > 0),
      -- What the issuer funds: amount less the withheld tax (net total plus rounding dust).
      funding_total numeric(78, 0) not null,
      gross_total numeric(78, 0) not null,
      withheld_total numeric(78, 0) not null,
      net_total numeric(78, 0) not null,
      eligible_supply numeric(78, 0) not null,
      excluded_balance numeric(78, 0) not null,
      deadline bigint not null,
      -- The canonical parameters file (lib/distributions/distribution-params.ts) and its keccak256, committed on chain.
      params_json text not null,
      params_hash text not null,
      params_uri text not null,
      merkle_root text not null,
      declared_by text not null,
      created_at timestamptz not null default now()
    );
    create index distributions_by_token on distributions (token, seq desc);
    create index distributions_by_params on distributions (params_hash);

    create table distribution_entitlements (
      distribution_id text not null references distributions (id),
      investor_id text not null,
      balance numeric(78, 0) not null,
      bps integer not null,
      gross numeric(78, 0) not null,
      withheld numeric(78, 0) not null,
      net numeric(78, 0) not null,
      -- Leaf index in the round's tree; null when the net amount rounds to zero (nothing to claim, no leaf).
      leaf_index integer,
      proof jsonb,
      primary key (distribution_id, investor_id),
      check ((leaf_index is null) = (proof is null))
    );
    create unique index distribution_entitlements_leaf on distribution_entitlements (distribution_id, leaf_index);
    create index distribution_entitlements_by_investor on distribution_entitlements (investor_id, distribution_id);

    -- Each pushClaims batch sent through the outbox on investors' behalf, and the leaves it carried.
    create table distribution_pushes (
      id text primary key,
      distribution_id text not null references distributions (id),
      outbox_entry_id bigint not null references outbox_entries (id),
      leaf_indexes integer[] not null,
      requested_by text not null,
      created_at timestamptz not null default now()
    );
    create index distribution_pushes_by_distribution on distribution_pushes (distribution_id);
  `,
};
