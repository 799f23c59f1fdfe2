import type { Address } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTokenService, type TokenService } from "../../../server/src/tokens/token-service.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { DEV, indexerFixture, type IndexerFixture } from "./fixture.ts";

/** Every page of the cap table through one service, `limit` rows at a time, as plain values. */
async function walk(service: TokenService, token: Address, atBlock: number | null, limit = 2) {
  const pages: { atBlock: number; rows: { key: string; balance: string; wallets: string[] }[] }[] = [];
  let afterKey: string | null = null;
  for (;;) {
    const { rows, atBlock: at } = await service.holders({ token, atBlock, afterKey, limit });
    const page = rows.slice(0, limit);
    pages.push({ atBlock: at, rows: page.map((h) => ({ key: h.key, balance: String(h.balance), wallets: h.wallets.map((w) => `${w.address}=${w.balance}`) })) });
    if (rows.length <= limit) return pages;
    afterKey = page.at(-1)!.key;
  }
}

const flat = (pages: Awaited<ReturnType<typeof walk>>) => pages.flatMap((p) => p.rows);

describeEachDatabase("holders page cache", (kind) => {
  let platform: TestPlatform;
  let f: IndexerFixture;
  let cached: TokenService;
  let uncached: TokenService;
  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    f = await indexerFixture(platform);
    await f.transferMix(8, 3);
    await platform.app.indexer.syncToHead();
    cached = platform.app.services.tokens;
    uncached = createTokenService({ chain: f.chain, db: platform.db, holdersCachePages: 0 });
  });
  afterAll(() => platform?.close());

  /** Wallet balances of a walk, checked against balanceOf on the chain at that block. */
  async function expectChainBalances(pages: Awaited<ReturnType<typeof walk>>, block: number) {
    const seen = flat(pages).flatMap((r) => r.wallets.map((w) => w.split("=") as [Address, string]));
    expect(seen.length).toBeGreaterThan(1);
    for (const [wallet, balance] of seen) expect(BigInt(balance)).toBe(await f.balanceOf(wallet, block));
  }

  it("is on by default (FOLIO_HOLDERS_CACHE_PAGES 500) and serves a past page equal to a fresh uncached read", async () => {
    expect(platform.config.holdersCachePages).toBe(500);
    const block = Number(await f.client.getBlockNumber()) - 3;
    const first = await walk(cached, f.token, block);
    const before = cached.holdersCacheStats();
    const again = await walk(cached, f.token, block);
    const after = cached.holdersCacheStats();
    // The second walk is answered from the cache, page for page.
    expect(after.hits - before.hits).toBe(again.length);
    expect(after.misses).toBe(before.misses);
    expect(again).toEqual(first);
    expect(again).toEqual(await walk(uncached, f.token, block));
    await expectChainBalances(again, block);
    expect(uncached.holdersCacheStats()).toMatchObject({ pages: 0, maxPages: 0 });
  });

  it("answers a latest page with new transfers as soon as they are indexed, never the cached one", async () => {
    const before = await walk(cached, f.token, null);
    expect(await walk(cached, f.token, null)).toEqual(before);
    const { block } = await f.transfer(0, 4, (await f.balanceOf(DEV[0]!)) / 2n);
    // Not indexed yet: the index (and so the page) is still at the previous block.
    expect(await walk(cached, f.token, null)).toEqual(before);
    await platform.app.indexer.syncToHead();
    const now = await walk(cached, f.token, null);
    expect(now[0]!.atBlock).toBe(block);
    expect(flat(now)).not.toEqual(flat(before));
    expect(now).toEqual(await walk(uncached, f.token, null));
    await expectChainBalances(now, block);
    // Through GraphQL too: authorization and the connection are built on the service's rows as before.
    const { holders, atBlock } = await f.allHolders(null);
    expect(atBlock).toBe(block);
    expect(holders.flatMap((h) => h.wallets.map((w) => `${w.address}=${w.balance}`)).sort()).toEqual(flat(now).flatMap((r) => r.wallets).sort());
  });

  it("after a reorg that replaces the page's block answers the new chain, never the cached page of the old one", async () => {
    await platform.app.indexer.syncToHead();
    const snapshot = await f.rpc<string>("evm_snapshot");
    const forkBlock = Number(await f.client.getBlockNumber());
    const lost = await f.transfer(0, 2, (await f.balanceOf(DEV[0]!)) / 2n);
    await f.transfer(2, 3, 1n);
    await platform.app.indexer.syncToHead();
    const oldPast = await walk(cached, f.token, lost.block);
    const oldLatest = await walk(cached, f.token, null);
    expect(await walk(cached, f.token, lost.block)).toEqual(oldPast);

    expect(await f.rpc("evm_revert", [snapshot])).toBe(true);
    // Another history on the same heights: the page's block now holds a different transfer.
    const replacement = await f.transfer(0, 4, (await f.balanceOf(DEV[0]!)) / 3n);
    expect(replacement.block).toBe(lost.block);
    await f.transfer(4, 0, 1n);
    await f.rpc("anvil_mine", ["0x2"]);
    // The rewind alone: the page's block is not indexed any more, so it is refused, not served from the cache.
    expect(await platform.app.indexer.step()).toMatchObject({ kind: "reorg", forkBlock });
    await expect(cached.holders({ token: f.token, atBlock: lost.block, afterKey: null, limit: 2 })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await platform.app.indexer.syncToHead();

    const newPast = await walk(cached, f.token, lost.block);
    expect(flat(newPast)).not.toEqual(flat(oldPast));
    expect(newPast).toEqual(await walk(uncached, f.token, lost.block));
    await expectChainBalances(newPast, lost.block);
    const newLatest = await walk(cached, f.token, null);
    expect(flat(newLatest)).not.toEqual(flat(oldLatest));
    expect(newLatest).toEqual(await walk(uncached, f.token, null));
  });

  it("after a reorg to a branch without transfers answers the fork block's cap table for the rewound blocks", async () => {
    await platform.app.indexer.syncToHead();
    const snapshot = await f.rpc<string>("evm_snapshot");
    const forkBlock = Number(await f.client.getBlockNumber());
    const atFork = await walk(uncached, f.token, forkBlock);
    const lost = await f.transfer(0, 1, (await f.balanceOf(DEV[0]!)) / 2n);
    await platform.app.indexer.syncToHead();
    const oldPast = await walk(cached, f.token, lost.block);
    expect(flat(oldPast)).not.toEqual(flat(atFork));

    await f.rpc("evm_revert", [snapshot]);
    await f.rpc("anvil_mine", ["0x3"]);
    await platform.app.indexer.syncToHead();
    const newPast = await walk(cached, f.token, lost.block);
    expect(flat(newPast)).toEqual(flat(atFork));
    expect(newPast).toEqual(await walk(uncached, f.token, lost.block));
    await expectChainBalances(newPast, lost.block);
  });

  it("never caches a page at a block the indexer has not reached", async () => {
    const service = createTokenService({ chain: f.chain, db: platform.db, holdersCachePages: 10 });
    await platform.app.indexer.syncToHead();
    await f.transfer(0, 3, 1n);
    const ahead = Number(await f.client.getBlockNumber());
    const request = { token: f.token, atBlock: ahead, afterKey: null, limit: 2 };
    await expect(service.holders(request)).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    expect(service.holdersCacheStats().pages).toBe(0);
    await platform.app.indexer.syncToHead();
    expect(flat(await walk(service, f.token, ahead))).toEqual(flat(await walk(uncached, f.token, ahead)));
  });

  it("keeps at most its configured number of pages, least recently used out, and still answers evicted pages", async () => {
    const service = createTokenService({ chain: f.chain, db: platform.db, holdersCachePages: 2 });
    const block = Number(await f.client.getBlockNumber());
    const pages = await walk(service, f.token, block, 1);
    expect(pages.length).toBeGreaterThan(3);
    expect(service.holdersCacheStats()).toMatchObject({ pages: 2, maxPages: 2, hits: 0, misses: pages.length });
    // The first page was evicted: read again (a miss), equal to an uncached read; the last one is still there.
    const first = await service.holders({ token: f.token, atBlock: block, afterKey: null, limit: 1 });
    expect(service.holdersCacheStats()).toMatchObject({ pages: 2, hits: 0, misses: pages.length + 1 });
    expect(first).toEqual(await uncached.holders({ token: f.token, atBlock: block, afterKey: null, limit: 1 }));
    await service.holders({ token: f.token, atBlock: block, afterKey: pages.at(-2)!.rows[0]!.key, limit: 1 });
    expect(service.holdersCacheStats()).toMatchObject({ pages: 2, hits: 1 });
  });

  it("with the cache off (0) answers exactly as with it on, and keeps nothing", async () => {
    const off = createTokenService({ chain: f.chain, db: platform.db, holdersCachePages: 0 });
    const block = Number(await f.client.getBlockNumber()) - 2;
    for (const atBlock of [null, block]) {
      for (const limit of [1, 3, 100]) expect(await walk(off, f.token, atBlock, limit)).toEqual(await walk(cached, f.token, atBlock, limit));
    }
    expect(off.holdersCacheStats()).toEqual({ pages: 0, maxPages: 0, hits: 0, misses: 0 });
    for (const [atBlock, code] of [[999_999, "BAD_USER_INPUT"], [-1, "BAD_USER_INPUT"]] as const) {
      await expect(off.holders({ token: f.token, atBlock, afterKey: null, limit: 2 })).rejects.toMatchObject({ code });
      await expect(cached.holders({ token: f.token, atBlock, afterKey: null, limit: 2 })).rejects.toMatchObject({ code });
    }
    const unknown = "0x000000000000000000000000000000000000dEaD" as Address;
    await expect(off.holders({ token: unknown, atBlock: null, afterKey: null, limit: 2 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cached.holders({ token: unknown, atBlock: null, afterKey: null, limit: 2 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reads a page once for a burst of identical requests and gives each the same rows", async () => {
    const pageReads: string[] = [];
    const db = {
      query: ((sql: string, params?: unknown[]) => {
        if (sql.includes("json_agg")) pageReads.push(sql);
        return platform.db.query(sql, params);
      }) as typeof platform.db.query,
      exec: (sql: string) => platform.db.exec(sql),
    };
    const service = createTokenService({ chain: f.chain, db, holdersCachePages: 10 });
    const request = { token: f.token, atBlock: null, afterKey: null, limit: 3 };
    const answers = await Promise.all(Array.from({ length: 6 }, () => service.holders(request)));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]).toEqual(await uncached.holders(request));
    expect(pageReads).toHaveLength(1);
    expect(service.holdersCacheStats().pages).toBe(1);
    await service.holders(request);
    expect(pageReads).toHaveLength(1);
  });
});
