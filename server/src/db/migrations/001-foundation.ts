import type { Migration } from "./index.ts";

export const m001Foundation: Migration = {
  id: 1,
  name: "foundation",
  sql: `
    create table chain_state (
      chain_id integer primary key,
      deployment_block bigint not null,
      contracts jsonb not null,
      updated_at timestamptz not null default now()
    );
  `,
};
