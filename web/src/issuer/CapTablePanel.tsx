import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useOutletContext } from "react-router";
import { ApiError } from "../api/graphql.ts";
import { formatAmount } from "../lib/format.ts";
import { Field } from "../ui/Field.tsx";
import { Empty, ErrorState, Loading } from "../ui/states.tsx";
import { CapTableCharts } from "./cap-table/CapTableCharts.tsx";
import {
  countryLabel, currentCursor, firstPage, formatBlockTime, formatShare, nextPage, pageNumber, parseRecordDate, previousPage, type Pager,
} from "./cap-table/cap-table-format.ts";
import { CAP_TABLE_PAGE_SIZE, fetchCapTablePage, fetchCapTableSummary, type CapTableSummary } from "./cap-table/cap-table-queries.ts";
import type { IssuerToken } from "./lib/issuer-queries.ts";
import type { TokenOutlet } from "./IssuerTokenPage.tsx";
import "./cap-table/cap-table.css";

/**
 * The token page's "Cap table" tab: the cap table at the latest indexed block or at a record date, as a paged table
 * by investor (with their wallets), charts of the top holders and of the holdings per country, and the CSV export
 * streamed by the server.
 */
export function CapTablePanel() {
  const { token } = useOutletContext<TokenOutlet>();
  // null: the latest indexed block (kept up to date); otherwise the record time asked for.
  const [recordTime, setRecordTime] = useState<bigint | null>(null);
  const summary = useQuery({
    queryKey: ["cap-table", token.address, recordTime?.toString() ?? "latest"],
    queryFn: () => fetchCapTableSummary(token.address, recordTime),
    // The latest cap table follows the indexer: a confirmed mint shows without a reload.
    refetchInterval: recordTime === null ? 3_000 : false,
    retry: false,
  });
  const dateError = summary.error instanceof ApiError && summary.error.code?.startsWith("CAP_TABLE_DATE_") ? summary.error.message : null;

  return (
    <section aria-labelledby="cap-table-heading" className="form cap-table">
      <h2 id="cap-table-heading">Cap table</h2>
      <RecordDateForm serverError={dateError} onShow={setRecordTime} />
      {summary.isPending ? (
        <Loading what="the cap table" />
      ) : summary.error && !dateError ? (
        <ErrorState title="Could not load the cap table." error={summary.error} onRetry={() => void summary.refetch()} />
      ) : summary.data && !dateError ? (
        <CapTableView token={token} summary={summary.data} latest={recordTime === null} />
      ) : null}
    </section>
  );
}

function RecordDateForm({ serverError, onShow }: { serverError: string | null; onShow(recordTime: bigint | null): void }) {
  const [mode, setMode] = useState<"latest" | "date">("latest");
  const [date, setDate] = useState("");
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (mode === "latest") {
      setError(null);
      onShow(null);
      return;
    }
    const parsed = parseRecordDate(date, new Date());
    setError(parsed.ok ? null : parsed.error);
    if (parsed.ok) onShow(parsed.recordTime);
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Cap table date">
      <fieldset>
        <legend>Cap table at</legend>
        <div className="radio-group">
          <label><input type="radio" name="cap-table-mode" checked={mode === "latest"} onChange={() => setMode("latest")} /> The latest indexed block (updates live)</label>
          <label><input type="radio" name="cap-table-mode" checked={mode === "date"} onChange={() => setMode("date")} /> A record date</label>
        </div>
        <Field
          label="Record date and time (UTC)"
          error={error ?? serverError}
          hint="Balances at the end of the last block at or before this moment."
        >
          <input type="datetime-local" step="1" value={date} onChange={(e) => { setDate(e.target.value); setMode("date"); }} />
        </Field>
        <button type="submit">Show cap table</button>
      </fieldset>
    </form>
  );
}

function CapTableView({ token: t, summary: s, latest }: { token: IssuerToken; summary: CapTableSummary; latest: boolean }) {
  return (
    <>
      <p data-testid="cap-table-at" role="status">
        {latest ? "Latest: " : "Record date: "}block <strong>{s.atBlock}</strong> (<span data-testid="cap-table-time">{formatBlockTime(s.blockTime)}</span>),{" "}
        {s.holderCount} holder{s.holderCount === 1 ? "" : "s"}, supply {formatAmount(s.totalSupply, s.decimals)} {s.symbol}.
      </p>
      <p>
        <a className="button" href={s.csvPath} download data-testid="cap-table-csv">Download CSV</a>{" "}
        <small>Every investor at block {s.atBlock}: id, country, wallets, balance in {s.symbol}, share of supply.</small>
      </p>
      {s.holderCount === 0 ? (
        <Empty>Nobody holds {t.symbol} at block {s.atBlock}.</Empty>
      ) : (
        <>
          <CapTableCharts summary={s} />
          <HoldersTable token={t} summary={s} />
        </>
      )}
    </>
  );
}

function HoldersTable({ token: t, summary: s }: { token: IssuerToken; summary: CapTableSummary }) {
  const [pager, setPager] = useState<Pager>(firstPage);
  // A new block starts again at page 1: cursors belong to the cap table they were read from.
  const [pagerBlock, setPagerBlock] = useState(s.atBlock);
  if (pagerBlock !== s.atBlock) {
    setPagerBlock(s.atBlock);
    setPager(firstPage());
  }
  const after = currentCursor(pager);
  const page = useQuery({
    queryKey: ["cap-table-page", t.address, s.atBlock, after],
    queryFn: () => fetchCapTablePage(t.address, s.atBlock, after),
    // While the next page of the same cap table loads, the current one stays; another block's rows never stand in.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === s.atBlock ? previous : undefined),
    retry: false,
  });
  const pages = Math.max(1, Math.ceil(s.holderCount / CAP_TABLE_PAGE_SIZE));
  return (
    <section aria-labelledby="holders-heading">
      <h3 id="holders-heading">By investor</h3>
      {page.isPending ? (
        <Loading what="the investors" />
      ) : page.error ? (
        <ErrorState title="Could not load the investors." error={page.error} onRetry={() => void page.refetch()} />
      ) : page.data.edges.length === 0 ? (
        <Empty>No investor on this page.</Empty>
      ) : (
        // Focusable, so a keyboard can scroll the table sideways on a phone.
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Cap table by investor">
          <table aria-label={`Cap table at block ${s.atBlock}, page ${pageNumber(pager)} of ${pages}`} aria-busy={page.isPlaceholderData || undefined} data-testid="cap-table">
            <thead>
              <tr><th scope="col">Investor</th><th scope="col">Country</th><th scope="col">Wallets</th><th scope="col" className="num">Balance ({s.symbol})</th><th scope="col" className="num">Share</th></tr>
            </thead>
            <tbody>
              {page.data.edges.map(({ node: h }) => (
                <tr key={h.investorId ?? h.wallets[0]?.address} data-testid="cap-table-row">
                  <td>{h.investorId ? <code>{h.investorId}</code> : <em>Wallet linked to no investor</em>}</td>
                  <td>{h.investorId ? countryLabel(h.countryCode) : "–"}</td>
                  <td>
                    <ul className="wallets">
                      {h.wallets.map((w) => <li key={w.address}><code>{w.address}</code>{h.wallets.length > 1 && <> ({formatAmount(w.balance, s.decimals)})</>}</li>)}
                    </ul>
                  </td>
                  <td className="num">{formatAmount(h.balance, s.decimals)}</td>
                  <td className="num">{formatShare(h.balance, s.totalSupply)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Cap table pages" className="actions">
        <button type="button" className="secondary" disabled={pageNumber(pager) === 1} onClick={() => setPager(previousPage)}>Previous page</button>
        <span className="page-number">Page {pageNumber(pager)} of {pages}</span>
        <button
          type="button"
          className="secondary"
          disabled={!page.data?.pageInfo.hasNextPage || page.isFetching}
          onClick={() => setPager((p) => nextPage(p, page.data?.pageInfo.endCursor ?? null))}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
