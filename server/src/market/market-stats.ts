import { getAddress, type Address } from "viem";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";

/** Candle widths the console charts; seconds per bucket. */
export const CANDLE_SECONDS = { "1m": 60, "5m": 300, "1h": 3_600, "1d": 86_400 } as const;
export type CandleInterval = keyof typeof CANDLE_SECONDS;
export const MAX_CANDLES = 1_000;
const DEFAULT_CANDLES = 200;
const DAY_SECONDS = 86_400;

export interface Candle {
  /** Start of the bucket, Unix seconds (UTC). */
  time: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  /** Security-token units traded. */
  volume: bigint;
  /** Cash-token units paid (before any platform fee). */
  cashVolume: bigint;
  trades: number;
}

export interface MarketStats {
  token: Address;
  lastPrice: bigint | null;
  /** Over the last 24 hours (confirmed trades). */
  volume: bigint;
  cashVolume: bigint;
  trades: number;
  high: bigint | null;
  low: bigint | null;
  /** The price 24 hours ago: the last trade before the window, else the window's first trade. */
  referencePrice: bigint | null;
  /** lastPrice − referencePrice. */
  change: bigint | null;
  /** The change in basis points of the reference price (rounded toward zero). */
  changeBps: number | null;
}

export interface MarketSummary {
  token: Address;
  cashToken: Address;
  tickSize: bigint;
  lotSize: bigint;
  stats: MarketStats;
}

interface CandleRow { bucket: string; open: string; high: string; low: string; close: string; volume: string; cash_volume: string; trades: string }
interface WindowRow { volume: string | null; cash_volume: string | null; trades: string; high: string | null; low: string | null; first: string | null; last: string | null; before: string | null }

const big = (v: string | null) => (v === null ? null : BigInt(v));

/**
 * Price history of the secondary market, read from the confirmed trades (a pending or failed trade never moved
 * anything, so it never shows in a chart). A trade counts at the time it was matched.
 */
export function createMarketStats(db: Database) {
  async function candles(token: Address, interval: CandleInterval, limit = DEFAULT_CANDLES): Promise<Candle[]> {
    const seconds = CANDLE_SECONDS[interval];
    if (!seconds) throw new FolioError("BAD_USER_INPUT", `interval must be one of ${Object.keys(CANDLE_SECONDS).join(", ")}`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CANDLES) throw new FolioError("BAD_USER_INPUT", `limit must be an integer from 1 to ${MAX_CANDLES}`);
    // The newest `limit` buckets that have trades, returned oldest first (a chart reads left to right).
    const { rows } = await db.query<CandleRow>(
      `select * from (
         select (floor(extract(epoch from created_at) / $2)::bigint * $2)::text as bucket,
           (array_agg(price order by id))[1]::text as open, max(price)::text as high, min(price)::text as low,
           (array_agg(price order by id desc))[1]::text as close,
           sum(amount)::text as volume, sum(cash)::text as cash_volume, count(*)::text as trades
         from market_trades where token = $1 and status = 'confirmed'
         group by 1 order by 1 desc limit $3
       ) c order by bucket::bigint`,
      [getAddress(token), seconds, limit],
    );
    return rows.map((r) => ({
      time: Number(r.bucket),
      open: BigInt(r.open), high: BigInt(r.high), low: BigInt(r.low), close: BigInt(r.close),
      volume: BigInt(r.volume), cashVolume: BigInt(r.cash_volume), trades: Number(r.trades),
    }));
  }

  async function stats(token: Address): Promise<MarketStats> {
    const t = getAddress(token);
    const { rows } = await db.query<WindowRow>(
      `with w as (select * from market_trades where token = $1 and status = 'confirmed' and created_at > now() - make_interval(secs => $2))
       select sum(amount)::text as volume, sum(cash)::text as cash_volume, count(*)::text as trades,
         max(price)::text as high, min(price)::text as low,
         (select price::text from w order by id limit 1) as first,
         (select price::text from market_trades where token = $1 and status = 'confirmed' order by id desc limit 1) as last,
         (select price::text from market_trades where token = $1 and status = 'confirmed' and created_at <= now() - make_interval(secs => $2) order by id desc limit 1) as before
       from w`,
      [t, DAY_SECONDS],
    );
    const r = rows[0]!;
    const lastPrice = big(r.last);
    const referencePrice = big(r.before) ?? big(r.first);
    const change = lastPrice !== null && referencePrice !== null ? lastPrice - referencePrice : null;
    return {
      token: t,
      lastPrice,
      volume: big(r.volume) ?? 0n,
      cashVolume: big(r.cash_volume) ?? 0n,
      trades: Number(r.trades),
      high: big(r.high),
      low: big(r.low),
      referencePrice,
      change,
      changeBps: change !== null && referencePrice ? Number((change * 10_000n) / referencePrice) : null,
    };
  }

  /** Every token whose market is open, with its 24-hour figures. */
  async function markets(): Promise<MarketSummary[]> {
    const { rows } = await db.query<{ token: Address; cash_token: Address; tick_size: string; lot_size: string }>(
      `select token, cash_token, tick_size::text, lot_size::text from market_settings where enabled order by token`,
    );
    return Promise.all(rows.map(async (r) => ({
      token: getAddress(r.token), cashToken: getAddress(r.cash_token), tickSize: BigInt(r.tick_size), lotSize: BigInt(r.lot_size),
      stats: await stats(r.token),
    })));
  }

  return { candles, stats, markets };
}

export type MarketStatsService = ReturnType<typeof createMarketStats>;
