import type { Migration } from "./index.ts";

/**
 * A gas limit the caller gives with an outbox entry (server/src/outbox), signed instead of the estimate plus margin.
 * Kept apart from gas_limit, which holds the gas of the current attempt and survives a requeue.
 */
export const m008OutboxGasLimit: Migration = {
  id: 8,
  name: "outbox-gas-limit",
  sql: `
    alter table outbox_entries add column requested_gas numeric(78, 0) check (requested_gas is null or requested_gas > 0);
  `,
};
