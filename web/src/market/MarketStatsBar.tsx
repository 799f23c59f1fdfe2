import { formatAmount } from "../lib/format.ts";
import { formatCash } from "./lib/order-words.ts";
import type { MarketContext } from "./use-market.ts";

export interface StatsView {
  lastPrice: string | null;
  volume: string;
  cashVolume: string;
  trades: number;
  high: string | null;
  low: string | null;
  change: string | null;
  changeBps: number | null;
}

/** "+1.25 (+3.20 %)" from the signed change in cash units and basis points. */
export function formatChange(change: string | null, bps: number | null, cash: { symbol: string; decimals: number }): string {
  if (change === null || bps === null) return "–";
  const value = BigInt(change);
  const sign = value > 0n ? "+" : value < 0n ? "−" : "";
  const abs = value < 0n ? -value : value;
  return `${sign}${formatCash(abs, cash)} (${sign}${(Math.abs(bps) / 100).toFixed(2)} %)`;
}

/** Last price and the last 24 hours at a glance. */
export function MarketStatsBar({ market, stats }: { market: MarketContext; stats: StatsView | null }) {
  const price = (v: string | null | undefined) => (v ? `${formatCash(BigInt(v), market.cash)} ${market.cash.symbol}` : "–");
  const direction = stats?.change ? (BigInt(stats.change) > 0n ? "up" : BigInt(stats.change) < 0n ? "down" : "") : "";
  return (
    <dl className="market-stats" data-testid="market-stats">
      <div><dt>Last price</dt><dd data-testid="last-price">{stats?.lastPrice ? price(stats.lastPrice) : "No trade yet"}</dd></div>
      <div><dt>24 h change</dt><dd className={direction ? `change-${direction}` : undefined}>{stats ? formatChange(stats.change, stats.changeBps, market.cash) : "–"}</dd></div>
      <div><dt>24 h high / low</dt><dd>{stats?.high ? `${price(stats.high)} / ${price(stats.low)}` : "–"}</dd></div>
      <div><dt>24 h volume</dt><dd data-testid="volume-24h">{stats ? `${formatAmount(stats.volume, market.token.decimals)} ${market.token.symbol}` : "–"}</dd></div>
      <div><dt>24 h turnover</dt><dd>{stats ? `${formatCash(BigInt(stats.cashVolume), market.cash)} ${market.cash.symbol}` : "–"}</dd></div>
      <div><dt>Price step / lot</dt><dd>{formatCash(market.rules.tickSize, market.cash)} {market.cash.symbol} / {formatAmount(market.rules.lotSize, market.token.decimals)} {market.token.symbol}</dd></div>
    </dl>
  );
}
