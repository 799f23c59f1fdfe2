import { formatUnits } from "viem";

export const INTERVALS = [
  { value: "M1", label: "1 min" },
  { value: "M5", label: "5 min" },
  { value: "H1", label: "1 hour" },
  { value: "D1", label: "1 day" },
] as const;
export type IntervalValue = (typeof INTERVALS)[number]["value"];

export interface CandleInput {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export interface ChartCandle {
  time: number;
  label: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** [low, high]: the range bar recharts draws, the candle shape draws inside it. */
  range: [number, number];
  volume: number;
  up: boolean;
}

/**
 * Candles as numbers for the chart only (a picture needs no exact arithmetic; the table beside it shows the exact
 * values). The label is the bucket's start in UTC: the time for intraday intervals, the date for days.
 */
export function chartCandles(candles: readonly CandleInput[], cashDecimals: number, tokenDecimals: number, interval: IntervalValue): ChartCandle[] {
  const n = (v: string, d: number) => Number(formatUnits(BigInt(v), d));
  return candles.map((c) => {
    const iso = new Date(c.time * 1000).toISOString();
    const [open, high, low, close] = [c.open, c.high, c.low, c.close].map((v) => n(v, cashDecimals)) as [number, number, number, number];
    return {
      time: c.time,
      label: interval === "D1" ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`,
      open, high, low, close,
      range: [low, high],
      volume: n(c.volume, tokenDecimals),
      up: close >= open,
    };
  });
}
