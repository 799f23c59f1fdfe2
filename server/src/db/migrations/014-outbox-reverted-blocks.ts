import type { Migration } from "./index.ts";

/**
 * The reorganisation watch also checks the blocks of entries that reverted on chain: a reorganisation that takes such
 * a block away frees its nonce (handed to a no-op). The index of mined entries now holds both.
 */
export const m014OutboxRevertedBlocks: Migration = {
  id: 14,
  name: "outbox-reverted-blocks",
  sql: `
    drop index outbox_entries_mined;
    create index outbox_entries_mined on outbox_entries (chain_id, sender, block_number)
      where status in ('confirmed', 'failed') and block_number is not null;
  `,
};
