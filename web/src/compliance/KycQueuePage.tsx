import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../api/graphql.ts";
import { Field } from "../ui/Field.tsx";
import { Empty, ErrorState, Loading, QueryState } from "../ui/states.tsx";
import { ApplicationTable } from "./ApplicationTable.tsx";
import { KYC_BY_WALLET, KYC_QUEUE } from "./kyc-queries.ts";
import { matchesWalletSearch, QUEUE_STATUSES, readWalletSearch, statusLabel, type QueueStatus } from "./lib/queue-filter.ts";

/**
 * The KYC queue, oldest first, filtered by status and by wallet: a whole address is looked up whatever its status;
 * part of one filters the listed applications.
 */
export function KycQueuePage() {
  const [status, setStatus] = useState<QueueStatus>("SUBMITTED");
  const [searchText, setSearchText] = useState("");
  const search = readWalletSearch(searchText);
  const queue = useInfiniteQuery({
    queryKey: ["kycQueue", status],
    queryFn: ({ pageParam }) => request(KYC_QUEUE, { status, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.kycApplications.pageInfo.hasNextPage ? last.kycApplications.pageInfo.endCursor : null),
    refetchInterval: 10_000,
    enabled: search.kind !== "address",
  });
  const byWallet = useQuery({
    queryKey: ["kycByWallet", search.kind === "address" ? search.address : null],
    queryFn: () => request(KYC_BY_WALLET, { wallet: search.kind === "address" ? search.address : "0x" }),
    enabled: search.kind === "address",
  });

  return (
    <section>
      <h1>KYC queue</h1>
      <form className="filters" role="search" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status" hint={search.kind === "address" ? "A whole address is found whatever its status." : undefined}>
          <select value={status} onChange={(e) => setStatus(e.target.value as QueueStatus)} disabled={search.kind === "address"}>
            {QUEUE_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
          </select>
        </Field>
        <Field label="Search by wallet" error={search.kind === "invalid" ? search.error : undefined}>
          <input type="search" name="wallet" autoComplete="off" placeholder="0x…" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
        </Field>
      </form>
      {search.kind === "address" ? (
        <QueryState query={byWallet} what="the application of this wallet">
          {({ kycApplicationByWallet: found }) =>
            found ? <ApplicationTable rows={[found]} label="Search result" /> : <Empty>No application has the wallet {search.address}.</Empty>
          }
        </QueryState>
      ) : queue.isPending ? (
        <Loading what="the KYC queue" />
      ) : queue.error ? (
        <ErrorState title="Could not load the KYC queue." error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        (() => {
          const loaded = queue.data.pages.flatMap((p) => p.kycApplications.edges.map((e) => e.node));
          const rows = loaded.filter((node) => matchesWalletSearch(search, node.wallets));
          return (
            <>
              {rows.length === 0 ? (
                <Empty>{loaded.length === 0 ? `No ${status.toLowerCase()} applications.` : `None of the ${loaded.length} listed ${status.toLowerCase()} applications has a wallet matching “${searchText.trim()}”.`}</Empty>
              ) : (
                <ApplicationTable rows={rows} label={`${status.toLowerCase()} KYC applications`} />
              )}
              {queue.hasNextPage && (
                <div className="pager">
                  <button type="button" className="secondary" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
                    {queue.isFetchingNextPage ? "Loading…" : "Show more applications"}
                  </button>
                </div>
              )}
            </>
          );
        })()
      )}
    </section>
  );
}
