import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../api/graphql.ts";
import { shortAddress } from "../lib/format.ts";
import { CheckboxField, Field } from "../ui/Field.tsx";
import { ScrollRegion } from "../ui/ScrollRegion.tsx";
import { Empty, ErrorState, Loading } from "../ui/states.tsx";
import { OUTBOX_ENTRIES } from "./admin-queries.ts";

const STATUSES = ["", "FAILED", "PENDING", "SENDING", "SENT", "CONFIRMED"] as const;
type Status = (typeof STATUSES)[number];

/** The server's on-chain writes (the transaction outbox), newest first: failed and stuck ones stand out. */
export function OutboxPage() {
  const [status, setStatus] = useState<Status>("");
  const [stuckOnly, setStuckOnly] = useState(false);
  const entries = useInfiniteQuery({
    queryKey: ["outbox", status],
    queryFn: ({ pageParam }) => request(OUTBOX_ENTRIES, { status: status === "" ? null : status, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.outboxEntries.pageInfo.hasNextPage ? last.outboxEntries.pageInfo.endCursor : null),
    refetchInterval: 15_000,
  });
  return (
    <section>
      <h1>Transaction outbox</h1>
      <p>Every on-chain write of the server (KYC registrations, suspensions, imports, distributions) goes through the outbox. A failed entry shows its decoded error; a stuck one is still open long after it was enqueued.</p>
      <form className="filters" role="search" aria-label="Filter the outbox" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {STATUSES.map((s) => <option key={s} value={s}>{s === "" ? "All" : s.charAt(0) + s.slice(1).toLowerCase()}</option>)}
          </select>
        </Field>
        <CheckboxField label="Only stuck entries" checked={stuckOnly} onChange={setStuckOnly} />
      </form>
      {entries.isPending ? <Loading what="the outbox" /> : entries.error ? (
        <ErrorState title="Could not load the outbox." error={entries.error} onRetry={() => void entries.refetch()} />
      ) : (() => {
        const all = entries.data.pages.flatMap((p) => p.outboxEntries.edges.map((e) => e.node));
        const rows = stuckOnly ? all.filter((e) => e.stuck) : all;
        return (
          <>
            {rows.length === 0 ? <Empty>{stuckOnly ? "No stuck entries among those listed." : "No outbox entries."}</Empty> : (
              <ScrollRegion label="Outbox entries">
                <table aria-label="Outbox entries, newest first">
                  <thead><tr><th scope="col">#</th><th scope="col">Purpose</th><th scope="col">Status</th><th scope="col">Transaction</th><th scope="col">Problem</th><th scope="col">Enqueued</th></tr></thead>
                  <tbody>
                    {rows.map((e) => (
                      <tr key={e.id} className={e.status === "FAILED" || e.stuck ? "row-bad" : undefined} data-testid="outbox-row">
                        <td>{e.id}</td>
                        <td className="cell-wrap">{e.purpose}</td>
                        <td>{e.status.toLowerCase()}{e.stuck ? `, stuck since ${new Date(e.stuckSince!).toLocaleString("en-GB", { timeStyle: "short", dateStyle: "short" })}` : ""}</td>
                        <td>{e.txHash ? <code title={e.txHash}>{shortAddress(e.txHash)}</code> : "—"}{e.nonce !== null ? ` nonce ${e.nonce}` : ""}{e.blockNumber ? `, block ${e.blockNumber}` : ""}{e.attempts > 1 ? `, ${e.attempts} attempts` : ""}</td>
                        <td className="cell-wrap">{e.failure ? `${e.failure.name}: ${e.failure.message}` : e.lastError ?? "—"}</td>
                        <td>{new Date(e.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
            {entries.hasNextPage && (
              <div className="pager">
                <button type="button" className="secondary" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
                  {entries.isFetchingNextPage ? "Loading…" : "Show older entries"}
                </button>
              </div>
            )}
          </>
        );
      })()}
    </section>
  );
}
