import type { Migration } from "./index.ts";

/**
 * The chain index. Addresses, hashes and investor ids are lowercase hex; amounts are numeric(78,0) (uint256).
 * History tables hold one row per key per block with the balance after that block, so a balance at block B is the
 * newest row at or below B: one index probe. Everything here is derived from the chain and can be rebuilt from it.
 */
export const m003Indexer: Migration = {
  id: 3,
  name: "indexer",
  sql: `
    create table indexer_cursor (
      chain_id integer primary key,
      -- genesis hash, deployment block and contract addresses: a different chain or deployment resets the index
      fingerprint text not null,
      last_block bigint not null,
      last_hash text,
      updated_at timestamptz not null default now()
    );

    -- Hash of every block that produced rows, and of every batch's last block: reorgs are found by comparing these.
    create table indexed_blocks (
      number bigint primary key,
      hash text not null
    );

    create table indexed_tokens (
      address text primary key,
      source text not null check (source in ('deployment', 'factory')),
      block_number bigint not null,
      name text not null,
      symbol text not null,
      decimals integer not null,
      owner text,
      total_supply numeric(78, 0) not null default 0
    );

    create table token_supply_changes (
      token text not null,
      block_number bigint not null,
      total_supply numeric(78, 0) not null,
      primary key (token, block_number)
    );

    create table transfers (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      token text not null,
      from_address text not null,
      to_address text not null,
      amount numeric(78, 0) not null,
      primary key (tx_hash, log_index)
    );
    create index transfers_by_token on transfers (token, block_number desc, log_index desc);
    create index transfers_by_block on transfers (block_number);

    -- Every other Folio event (registry, factory, freeze, pause, agents), decoded.
    create table contract_events (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      contract text not null,
      event text not null,
      args jsonb not null,
      primary key (tx_hash, log_index)
    );
    create index contract_events_by_contract on contract_events (contract, event, block_number);
    create index contract_events_by_block on contract_events (block_number);

    create table balance_changes (
      token text not null,
      wallet text not null,
      block_number bigint not null,
      delta numeric(78, 0) not null,
      balance_after numeric(78, 0) not null,
      primary key (token, wallet, block_number)
    );
    create index balance_changes_by_block on balance_changes (block_number);

    create table token_balances (
      token text not null,
      wallet text not null,
      balance numeric(78, 0) not null,
      primary key (token, wallet)
    );
    create index token_balances_by_wallet on token_balances (wallet);

    -- A holder is an investor (holder_key = investorId, 66 chars) or, for a wallet linked to no investor, the wallet
    -- itself (holder_key = address, 42 chars). A wallet's balance counts for the investor it belonged to at that block.
    create table holder_balance_changes (
      token text not null,
      holder_key text not null,
      block_number bigint not null,
      delta numeric(78, 0) not null,
      balance_after numeric(78, 0) not null,
      primary key (token, holder_key, block_number)
    );
    create index holder_balance_changes_by_block on holder_balance_changes (block_number);

    create table holder_balances (
      token text not null,
      holder_key text not null,
      balance numeric(78, 0) not null,
      -- first block with a row in holder_balance_changes: lets a past-block page skip holders that came later
      first_block bigint not null,
      primary key (token, holder_key)
    );

    -- wallet -> investor links over block ranges [from_block, to_block): the investor of a wallet at the end of a block.
    create table wallet_links (
      tx_hash text not null,
      log_index integer not null,
      wallet text not null,
      investor_id text not null,
      from_block bigint not null,
      to_block bigint,
      primary key (tx_hash, log_index)
    );
    create index wallet_links_by_wallet on wallet_links (wallet, from_block desc);
    create index wallet_links_by_investor on wallet_links (investor_id, from_block);

    -- The investor record after each registry event (no personal data: the on-chain fields only).
    create table investor_records (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      investor_id text not null,
      country integer not null,
      valid_until bigint not null,
      flags integer not null,
      status integer not null,
      removed boolean not null default false,
      primary key (tx_hash, log_index)
    );
    create index investor_records_by_investor on investor_records (investor_id, block_number desc, log_index desc);
  `,
};
