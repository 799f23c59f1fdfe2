import { useId } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAmount } from "../../lib/format.ts";
import { chartValue, countryLabel, formatShare, shortId } from "./cap-table-format.ts";
import type { CapTableSummary } from "./cap-table-queries.ts";

interface Bar {
  label: string;
  value: number;
  balance: string;
}

/**
 * The cap table's two charts (recharts, loaded with this tab only): the largest holders and the holdings per country.
 * Each is a figure with a title, a short text summary for screen readers (the chart itself is hidden from them and
 * not focusable) and the same numbers as a table.
 */
export function CapTableCharts({ summary: s }: { summary: CapTableSummary }) {
  const holders: (Bar & { id: string; country: string })[] = s.topHolders.map((h) => {
    const id = h.investorId ?? h.wallet ?? "";
    return { id, label: shortId(id), value: chartValue(h.balance, s.decimals), balance: h.balance, country: countryLabel(h.countryCode) };
  });
  const countries: (Bar & { holders: number })[] = s.countries.map((c) => ({
    label: countryLabel(c.countryCode), value: chartValue(c.balance, s.decimals), balance: c.balance, holders: c.holders,
  }));
  const amount = (raw: string) => `${formatAmount(raw, s.decimals)} ${s.symbol}`;
  return (
    <div className="cap-table-charts">
      <ChartFigure
        title={`Top ${holders.length} holders`}
        summary={holders.map((h) => `${h.label} ${formatShare(h.balance, s.totalSupply)}`).join(", ")}
        bars={holders}
        symbol={s.symbol}
        testId="top-holders-chart"
      >
        <table aria-label="Top holders">
          <thead><tr><th scope="col">Investor or wallet</th><th scope="col">Country</th><th scope="col" className="num">Balance</th><th scope="col" className="num">Share</th></tr></thead>
          <tbody>
            {holders.map((h) => (
              <tr key={h.id}><td><code>{h.id}</code></td><td>{h.country}</td><td className="num">{amount(h.balance)}</td><td className="num">{formatShare(h.balance, s.totalSupply)}</td></tr>
            ))}
          </tbody>
        </table>
      </ChartFigure>
      <ChartFigure
        title="Holdings by country"
        summary={countries.map((c) => `${c.label} ${formatShare(c.balance, s.totalSupply)}`).join(", ")}
        bars={countries}
        symbol={s.symbol}
        testId="countries-chart"
      >
        <table aria-label="Holdings by country">
          <thead><tr><th scope="col">Country</th><th scope="col" className="num">Holders</th><th scope="col" className="num">Balance</th><th scope="col" className="num">Share</th></tr></thead>
          <tbody>
            {countries.map((c) => (
              <tr key={c.label}><td>{c.label}</td><td className="num">{c.holders}</td><td className="num">{amount(c.balance)}</td><td className="num">{formatShare(c.balance, s.totalSupply)}</td></tr>
            ))}
          </tbody>
        </table>
      </ChartFigure>
    </div>
  );
}

function ChartFigure({ title, summary, bars, symbol, testId, children }: {
  title: string;
  summary: string;
  bars: Bar[];
  symbol: string;
  testId: string;
  children: React.ReactNode;
}) {
  const titleId = useId();
  const height = Math.max(120, 36 * bars.length + 40);
  return (
    <figure className="chart" aria-labelledby={titleId} data-testid={testId}>
      <figcaption id={titleId}>{title}</figcaption>
      <div role="img" aria-label={`Bar chart, ${title}: ${summary || "none"}.`} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} accessibilityLayer={false}>
            <CartesianGrid horizontal={false} stroke="#e3e6eb" />
            <XAxis type="number" tick={{ fontSize: 12, fill: "#1d2433" }} tickFormatter={(v: number) => compact(v)} />
            <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12, fill: "#1d2433" }} interval={0} />
            <Tooltip formatter={(v) => [`${Number(v).toLocaleString("en")} ${symbol}`, "Balance"]} />
            <Bar dataKey="value" fill="#1f4fbf" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{title} as a table</summary>
        {/* Focusable, so a keyboard can scroll a table wider than a phone. */}
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`${title} as a table`}>{children}</div>
      </details>
    </figure>
  );
}

const compact = (v: number) => new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(v);
