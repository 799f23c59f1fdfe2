import { useInfiniteQuery } from "@tanstack/react-query";
import { request } from "../api/graphql.ts";
import { Empty, ErrorState, Loading } from "../ui/states.tsx";
import { ApplicationTable } from "./ApplicationTable.tsx";
import { APPROVED_PAGE, RENEWALS } from "./kyc-queries.ts";

/** Renewals waiting for a decision, and approved investors whose KYC runs out soon (they should renew). */
export function RenewalsPage() {
  const submitted = useInfiniteQuery({
    queryKey: ["kycRenewals"],
    queryFn: ({ pageParam }) => request(RENEWALS, { after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.kycRenewals.pageInfo.hasNextPage ? last.kycRenewals.pageInfo.endCursor : null),
    refetchInterval: 15_000,
  });
  const approved = useInfiniteQuery({
    queryKey: ["kycApproved"],
    queryFn: ({ pageParam }) => request(APPROVED_PAGE, { after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.kycApplications.pageInfo.hasNextPage ? last.kycApplications.pageInfo.endCursor : null),
  });

  return (
    <section>
      <h1>Renewals due</h1>
      <h2>Renewals submitted</h2>
      <p className="field-hint">Approved investors who sent updated details and documents, oldest first. Open one to approve or reject its renewal.</p>
      {submitted.isPending ? <Loading what="the renewals" /> : submitted.error ? (
        <ErrorState title="Could not load the renewals." error={submitted.error} onRetry={() => void submitted.refetch()} />
      ) : (() => {
        const rows = submitted.data.pages.flatMap((p) => p.kycRenewals.edges.map((e) => e.node));
        return (
          <>
            {rows.length === 0 ? <Empty>No renewals are waiting for a decision.</Empty> : <ApplicationTable rows={rows} label="Submitted renewals" showRenewal />}
            {submitted.hasNextPage && <MoreButton onClick={() => void submitted.fetchNextPage()} busy={submitted.isFetchingNextPage} label="Show more renewals" />}
          </>
        );
      })()}

      <h2>KYC running out</h2>
      <p className="field-hint">Approved investors whose KYC ends within the reminder window. They are reminded to renew; without a renewal they become liquidate-only.</p>
      {approved.isPending ? <Loading what="approved investors" /> : approved.error ? (
        <ErrorState title="Could not load the approved investors." error={approved.error} onRetry={() => void approved.refetch()} />
      ) : (() => {
        const all = approved.data.pages.flatMap((p) => p.kycApplications.edges.map((e) => e.node));
        const rows = all.filter((n) => n.expiringSoon);
        return (
          <>
            {rows.length === 0 ? <Empty>No approved investor's KYC runs out soon{approved.hasNextPage ? ` among the first ${all.length} checked` : ""}.</Empty> : (
              <ApplicationTable rows={rows} label="Investors whose KYC runs out soon" showRenewal />
            )}
            {approved.hasNextPage && <MoreButton onClick={() => void approved.fetchNextPage()} busy={approved.isFetchingNextPage} label={`Check more approved investors (${all.length} checked)`} />}
          </>
        );
      })()}
    </section>
  );
}

function MoreButton({ onClick, busy, label }: { onClick(): void; busy: boolean; label: string }) {
  return (
    <div className="pager">
      <button type="button" className="secondary" onClick={onClick} disabled={busy}>{busy ? "Loading…" : label}</button>
    </div>
  );
}
