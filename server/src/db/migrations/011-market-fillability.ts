import type { Migration } from "./index.ts";

/**
 * Orders that cannot fill for now (trading halted, the maker's wallet frozen, KYC lapsed or investor suspended,
 * balance or allowance gone) leave the visible book and come back when they can: `suspended` holds why, null when
 * the order can fill. `external_filled` is what was filled on chain outside the matching engine (a taker's direct
 * `fill`), read from the Settlement so it counts once however often its event is seen.
 */
export const m011MarketFillability: Migration = {
  id: 11,
  name: "market-fillability",
  sql: `
    alter table market_orders add column suspended text;
    alter table market_orders add column external_filled numeric(78, 0) not null default 0 check (external_filled >= 0);
  `,
};
