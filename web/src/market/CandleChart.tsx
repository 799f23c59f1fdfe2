import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Bar, CartesianGrid, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { request } from "../api/graphql.ts";
import { formatAmount } from "../lib/format.ts";
import { Empty, QueryState } from "../ui/states.tsx";
import { chartCandles, INTERVALS, type ChartCandle, type IntervalValue } from "./lib/candles.ts";
import { CANDLES, MARKET_KEY } from "./lib/market-queries.ts";
import { formatCash, formatUtc } from "./lib/order-words.ts";
import { MARKET_REFRESH_MS, type MarketContext } from "./use-market.ts";

const UP = "#1b7f4c";
const DOWN = "#b42318";

/** Price candles of the settled trades with an interval picker; the same candles as a table below the chart. */
export function CandleChart({ market }: { market: MarketContext }) {
  const [interval, setCandleInterval] = useState<IntervalValue>("M5");
  const titleId = useId();
  const candles = useQuery({
    queryKey: [MARKET_KEY, "candles", market.token.address, interval],
    queryFn: async () => (await request(CANDLES, { token: market.token.address, interval })).candles,
    refetchInterval: MARKET_REFRESH_MS * 2,
  });
  return (
    <section className="panel" aria-labelledby={titleId} data-testid="candle-chart">
      <div className="panel-head">
        <h2 id={titleId}>Price</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Candle interval</legend>
          {INTERVALS.map((i) => (
            <label key={i.value}>
              <input type="radio" name="candle-interval" value={i.value} checked={interval === i.value} onChange={() => setCandleInterval(i.value)} />
              <span>{i.label}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <QueryState query={candles} what="the price history">
        {(list) => {
          if (list.length === 0) return <Empty>No settled trades yet: the chart starts with the first one.</Empty>;
          const data = chartCandles(list, market.cash.decimals, market.token.decimals, interval);
          const last = data.at(-1)!;
          return (
            <figure className="chart">
              <div role="img" aria-label={`Candle chart of ${data.length} ${INTERVALS.find((i) => i.value === interval)!.label} candles; last close ${last.close} ${market.cash.symbol}.`} style={{ height: 240 }}>
                <ResponsiveContainer width="100%" height="100%">
                  <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
                    <CartesianGrid vertical={false} stroke="#e3e6eb" />
                    <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#1d2433" }} minTickGap={24} />
                    <YAxis domain={["auto", "auto"]} width={56} tick={{ fontSize: 11, fill: "#1d2433" }} />
                    <Tooltip formatter={(_v, _n, item) => describe(item.payload as ChartCandle, market.cash.symbol)} labelFormatter={(l) => `${l} UTC`} />
                    <Bar dataKey="range" shape={CandleShape} isAnimationActive={false} />
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
              <details>
                <summary>Candles as a table</summary>
                <div className="table-scroll" tabIndex={0} role="region" aria-label="Candles as a table">
                  <table>
                    <thead>
                      <tr><th scope="col">Start (UTC)</th><th scope="col" className="num">Open</th><th scope="col" className="num">High</th><th scope="col" className="num">Low</th><th scope="col" className="num">Close</th><th scope="col" className="num">Volume ({market.token.symbol})</th><th scope="col" className="num">Trades</th></tr>
                    </thead>
                    <tbody>
                      {[...list].reverse().map((c) => (
                        <tr key={c.time} data-testid="candle-row">
                          <td>{formatUtc(c.time).replace(" UTC", "")}</td>
                          {[c.open, c.high, c.low, c.close].map((v, i) => <td key={i} className="num">{formatCash(BigInt(v), market.cash)}</td>)}
                          <td className="num">{formatAmount(c.volume, market.token.decimals)}</td>
                          <td className="num">{c.trades}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </figure>
          );
        }}
      </QueryState>
    </section>
  );
}

const describe = (c: ChartCandle, symbol: string): [string, string] => [`open ${c.open}, high ${c.high}, low ${c.low}, close ${c.close} ${symbol}`, "Price"];

/** One candle inside the [low, high] bar recharts lays out: the wick over the whole range, the body from open to close. */
function CandleShape(props: unknown) {
  const { x, y, width, height, payload } = props as { x: number; y: number; width: number; height: number; payload: ChartCandle };
  const { open, high, low, close, up } = payload;
  const perUnit = high === low ? 0 : height / (high - low);
  const top = y + (high - Math.max(open, close)) * perUnit;
  const body = Math.max(2, Math.abs(open - close) * perUnit);
  const color = up ? UP : DOWN;
  const mid = x + width / 2;
  const bodyWidth = Math.max(2, Math.min(width * 0.7, 14));
  return (
    <g>
      <line x1={mid} x2={mid} y1={y} y2={y + Math.max(height, 1)} stroke={color} strokeWidth={1} />
      <rect x={mid - bodyWidth / 2} y={top} width={bodyWidth} height={body} fill={color} />
    </g>
  );
}
