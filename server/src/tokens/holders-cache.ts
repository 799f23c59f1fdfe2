import type { Holder } from "./token-index.ts";

/**
 * Cap-table pages kept in this process, least recently used first out, at most `maxPages` entries (0 turns it off).
 * Each replica and each FOLIO_WORKERS process has its own. Keys come from holdersCacheKey: an entry names the exact
 * chain state its rows were read from, so an entry is never stale, only unused; nothing needs invalidating.
 */
export function createHoldersCache(maxPages: number) {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used one.
  const pages = new Map<string, readonly Holder[]>();
  let hits = 0;
  let misses = 0;

  return {
    enabled: maxPages > 0,
    get(key: string): readonly Holder[] | undefined {
      const rows = pages.get(key);
      if (rows === undefined) {
        misses++;
        return undefined;
      }
      hits++;
      pages.delete(key);
      pages.set(key, rows);
      return rows;
    },
    set(key: string, rows: readonly Holder[]): void {
      if (maxPages <= 0) return;
      pages.delete(key);
      pages.set(key, rows);
      while (pages.size > maxPages) pages.delete(pages.keys().next().value!);
    },
    stats: () => ({ pages: pages.size, maxPages, hits, misses }),
  };
}

export type HoldersCache = ReturnType<typeof createHoldersCache>;

/**
 * What a cap-table page depends on, as one string. A page at block B is a function of the index rows at or below B.
 * `indexed_blocks` holds the hash of every block that produced rows (and of every batch's last block), so the newest
 * of them at or below B (`anchor`, number and hash) changes whenever a rewind removes or replaces rows at or below B:
 * a block on another branch has another hash, and a rewound block that is not replaced leaves an older anchor. The
 * index fingerprint (chain, deployment, followed events) covers an index rebuilt from scratch. A latest page is the
 * page at the latest indexed block, so it is keyed by that block and moves on as soon as the indexer advances.
 */
export function holdersCacheKey(k: {
  token: string;
  mode: "latest" | "past";
  block: number;
  fingerprint: string;
  anchor: string | null;
  afterKey: string;
  limit: number;
}): string {
  return [k.mode, k.token.toLowerCase(), k.block, k.anchor ?? "-", k.fingerprint, k.afterKey, k.limit].join("|");
}
