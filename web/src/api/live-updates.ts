import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { graphql, request } from "./graphql.ts";

const INDEXER_STATUS = graphql(`
  query IndexerStatus { indexerStatus { latestIndexedBlock chainHead lag } }
`);

export const INDEXER_STATUS_KEY = ["indexer-status"] as const;

/**
 * Every cached answer except the indexer's own status is stale once the index moves past a block: a confirmed
 * transaction's effects (balances, holders, rounds, audit entries) are read again without a reload. Only queries a
 * page shows are refetched at once; the others on their next use.
 */
export function refreshAfterIndexedBlock(queryClient: QueryClient, previous: number | undefined, latest: number): boolean {
  if (previous === undefined || latest === previous) return false;
  void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== INDEXER_STATUS_KEY[0] });
  return true;
}

/**
 * Follows the indexer by polling `indexerStatus` (one small query every `intervalMs`, paused while the tab is hidden)
 * and refreshes the pages' data when a new block is indexed. Returns the latest status for display.
 */
export function useLiveUpdates(intervalMs = 2_000) {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: INDEXER_STATUS_KEY,
    queryFn: async () => (await request(INDEXER_STATUS)).indexerStatus,
    refetchInterval: intervalMs,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  const seen = useRef<number | undefined>(undefined);
  const latest = status.data?.latestIndexedBlock;
  useEffect(() => {
    if (latest === undefined) return;
    refreshAfterIndexedBlock(queryClient, seen.current, latest);
    seen.current = latest;
  }, [latest, queryClient]);
  return status;
}
