import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { INDEXER_STATUS_KEY, refreshAfterIndexedBlock } from "../../web/src/api/live-updates.ts";

function cacheWithAnswers() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(["issuer-token", "0xabc"], { totalSupply: "1" });
  queryClient.setQueryData(["readContract", { functionName: "balanceOf" }], 5n);
  queryClient.setQueryData(INDEXER_STATUS_KEY, { latestIndexedBlock: 7 });
  const stale = () => queryClient.getQueryCache().getAll().filter((q) => q.isStale()).map((q) => q.queryKey[0]);
  return { queryClient, stale };
}

describe("live updates from the indexer", () => {
  it("marks every page's data stale when a new block is indexed, but not the indexer's own status", () => {
    const { queryClient, stale } = cacheWithAnswers();
    queryClient.setDefaultOptions({ queries: { staleTime: Infinity } });
    expect(refreshAfterIndexedBlock(queryClient, 7, 8)).toBe(true);
    expect(stale().sort()).toEqual(["issuer-token", "readContract"]);
  });

  it("leaves the cache alone on the first status and while the index stands still", () => {
    const { queryClient, stale } = cacheWithAnswers();
    queryClient.setDefaultOptions({ queries: { staleTime: Infinity } });
    expect(refreshAfterIndexedBlock(queryClient, undefined, 8)).toBe(false);
    expect(refreshAfterIndexedBlock(queryClient, 8, 8)).toBe(false);
    expect(stale()).toEqual([]);
  });
});
