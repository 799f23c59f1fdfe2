import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { request } from "../api/graphql.ts";
import { hasAnyRole } from "../auth/roles.ts";
import { useSession } from "../auth/session.tsx";
import { shortAddress } from "../lib/format.ts";
import { ScrollRegion } from "../ui/ScrollRegion.tsx";
import { Empty, ErrorState, Loading, QueryState } from "../ui/states.tsx";
import { AUDIT_LOG, AUDIT_VERIFICATION } from "./kyc-queries.ts";
import { describeVerification, detailPairs } from "./lib/audit-format.ts";
import { dateTime } from "./lib/dates.ts";

/** The audit log, newest first, with the verification of its hash chain. Auditors and platform admins. */
export function AuditLogPage() {
  const { user } = useSession();
  if (!hasAnyRole(user, "AUDITOR", "PLATFORM_ADMIN")) {
    return (
      <section>
        <h1>Audit log</h1>
        <p>The audit log is for auditors and platform admins. Ask a platform admin for the AUDITOR role.</p>
      </section>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const verification = useQuery({ queryKey: ["auditVerification"], queryFn: () => request(AUDIT_VERIFICATION) });
  const log = useInfiniteQuery({
    queryKey: ["auditLog"],
    queryFn: ({ pageParam }) => request(AUDIT_LOG, { after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.auditLog.pageInfo.hasNextPage ? last.auditLog.pageInfo.endCursor : null),
  });
  const refresh = () => {
    void verification.refetch();
    void log.refetch();
  };
  return (
    <section>
      <h1>Audit log</h1>
      <QueryState query={verification} what="the verification of the hash chain">
        {({ auditLogVerification: v }) => {
          const { title, detail } = describeVerification(v);
          return (
            <div className={`chain-panel ${v.valid ? "chain-verified" : "chain-broken"}`} role="status" data-testid="audit-verification">
              <p><strong>{title}</strong></p>
              <p>{detail}</p>
            </div>
          );
        }}
      </QueryState>
      <div className="pager">
        <button type="button" className="secondary" onClick={refresh} disabled={log.isFetching || verification.isFetching}>
          {log.isFetching || verification.isFetching ? "Checking…" : "Reload and verify again"}
        </button>
      </div>
      {log.isPending ? <Loading what="the audit log" /> : log.error ? (
        <ErrorState title="Could not load the audit log." error={log.error} onRetry={() => void log.refetch()} />
      ) : (() => {
        const entries = log.data.pages.flatMap((p) => p.auditLog.edges.map((e) => e.node));
        if (entries.length === 0) return <Empty>No entries yet.</Empty>;
        return (
          <>
            <ScrollRegion label="Audit log entries">
              <table aria-label="Audit log, newest first">
                <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr></thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id} data-testid="audit-row">
                      <td>{e.id}</td>
                      <td>{dateTime(e.createdAt)}</td>
                      <td>{e.actor ? <code title={e.actor}>{shortAddress(e.actor)}</code> : "system"}</td>
                      <td>{e.action}{e.outcome === "FAILURE" && <span className="outcome-failure"> (failed)</span>}</td>
                      <td className="cell-wrap">{e.target ? <code title={e.target}>{/^0x[0-9a-fA-F]{40}$/.test(e.target) ? shortAddress(e.target) : e.target}</code> : "—"}</td>
                      <td className="audit-details">{detailPairs(e.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            {log.hasNextPage && (
              <div className="pager">
                <button type="button" className="secondary" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                  {log.isFetchingNextPage ? "Loading…" : "Show older entries"}
                </button>
              </div>
            )}
          </>
        );
      })()}
    </section>
  );
}
