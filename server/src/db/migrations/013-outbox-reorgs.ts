import type { Migration } from "./index.ts";

/**
 * A reorganisation deeper than the confirmation depth can take a confirmed write off the chain. The outbox worker
 * checks the blocks of its recently confirmed entries (`outbox_entries_mined`), and counts in `reorgs` each time an
 * entry was found reorganised out (its bytes sent again) or mined again in another block; the market moves its
 * trades to the block their settlement is now in (`outbox_entries_reorged`, `market_trades_outbox_entry`).
 */
export const m013OutboxReorgs: Migration = {
  id: 13,
  name: "outbox-reorgs",
  sql: `
    alter table outbox_entries add column reorgs integer not null default 0;
    create index outbox_entries_mined on outbox_entries (chain_id, sender, block_number) where status = 'confirmed';
    create index outbox_entries_reorged on outbox_entries (id) where reorgs > 0;
    create index market_trades_outbox_entry on market_trades (outbox_entry_id);
  `,
};
