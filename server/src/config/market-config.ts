import { intSetting as int } from "./env-settings.ts";

/** Settings of the secondary market (server/src/market). */
export interface MarketConfig {
  readonly market: {
    /** Most matched trades one Settlement.settle transaction carries (FOLIO_MARKET_SETTLE_BATCH). */
    readonly settleBatch: number;
  };
}

export const marketEnvSchema = {
  // 50 trades: about 3.3M gas and 48 KB of calldata (a node's pool takes up to 128 KB per transaction).
  FOLIO_MARKET_SETTLE_BATCH: int(1, 100, 50),
};

export function readMarketConfig(e: { FOLIO_MARKET_SETTLE_BATCH: number }): MarketConfig {
  return { market: Object.freeze({ settleBatch: e.FOLIO_MARKET_SETTLE_BATCH }) };
}
