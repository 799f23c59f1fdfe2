import { afterAll, beforeAll, expect, it } from "vitest";
import type { Address } from "viem";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { DEV, indexerFixture, type IndexerFixture } from "./fixture.ts";

describeEachDatabase("chain indexer", (kind) => {
  let platform: TestPlatform;
  let f: IndexerFixture;
  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    f = await indexerFixture(platform);
  });
  afterAll(() => platform?.close());

  it("indexes from a fresh database, in many small batches, to exactly the balances and transfers on chain (C9)", async () => {
    await f.transferMix(12, 1);
    const db = await kind.open();
    try {
      const indexer = f.newIndexer({ db, batchBlocks: 3 });
      const { events, lastBlock } = await indexer.syncToHead();
      expect(lastBlock).toBe(Number(await f.client.getBlockNumber()));
      expect(events).toBeGreaterThanOrEqual((await f.chainTransferKeys()).length);
      await f.expectIndexMatchesChain(db);
    } finally {
      await db.close();
    }
  });

  it("gives the cap table at any past block equal to balanceOf at that block, page by page", async () => {
    const moves = await f.transferMix(8, 2);
    await platform.app.indexer.syncToHead();
    const blocks = [moves[0]!.block - 1, moves[2]!.block, moves[5]!.block, moves.at(-1)!.block];
    for (const block of blocks) {
      const { holders, atBlock } = await f.allHolders(block);
      expect(atBlock).toBe(block);
      const byWallet = new Map(holders.flatMap((h) => h.wallets.map((w) => [w.address.toLowerCase(), BigInt(w.balance)] as const)));
      for (const h of holders) expect(BigInt(h.balance)).toBe(h.wallets.reduce((sum, w) => sum + BigInt(w.balance), 0n));
      for (const wallet of DEV) expect(byWallet.get(wallet.toLowerCase()) ?? 0n, `${wallet} at block ${block}`).toBe(await f.balanceOf(wallet, block));
      expect(holders.reduce((sum, h) => sum + BigInt(h.balance), 0n)).toBe(
        (await Promise.all(DEV.map((w) => f.balanceOf(w, block)))).reduce((a, b) => a + b, 0n));
    }
    const latest = await f.allHolders(null, 100);
    expect(latest.atBlock).toBe(Number(await f.client.getBlockNumber()));
    expect(latest.holders.reduce((sum, h) => sum + BigInt(h.balance), 0n)).toBe(await f.totalSupply());
  });

  it("resumes after a crash in the middle of a batch with nothing lost and nothing counted twice", async () => {
    await f.transferMix(10, 3);
    let batches = 0;
    const crashing = f.newIndexer({
      batchBlocks: 2,
      hooks: {
        afterRawRows() {
          if (++batches === 3) throw new Error("killed mid-batch");
        },
      },
    });
    await expect(crashing.syncToHead()).rejects.toThrow("killed mid-batch");
    // Nothing of the failed batch is visible: no row above the cursor.
    const { rows } = await platform.db.query<{ last_block: string; above: string }>(
      `select c.last_block::text as last_block, (select count(*) from transfers t where t.block_number > c.last_block)::text as above from indexer_cursor c`);
    expect(Number(rows[0]!.above)).toBe(0);
    expect(Number(rows[0]!.last_block)).toBeLessThan(Number(await f.client.getBlockNumber()));

    const resumed = f.newIndexer();
    await resumed.syncToHead();
    await f.expectIndexMatchesChain();
  });

  it("replays blocks it already has without changing a balance (upserts by transaction hash and log index)", async () => {
    await f.transferMix(4, 4);
    await platform.app.indexer.syncToHead();
    const before = await f.indexedBalances();
    const { rows } = await platform.db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor`);
    // Move the cursor back without deleting anything, as if the last batches had to be read again.
    await platform.db.query(`update indexer_cursor set last_block = last_block - 6, last_hash = null`);
    await f.newIndexer().syncToHead();
    expect(await f.indexedBalances()).toEqual(before);
    const after = await platform.db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor`);
    expect(after.rows[0]!.last_block).toBe(rows[0]!.last_block);
    await f.expectIndexMatchesChain();
  });

  it("detects a reorganisation by block hash, rewinds to the fork and follows the new branch", async () => {
    await platform.app.indexer.syncToHead();
    const snapshot = await f.rpc<string>("evm_snapshot");
    const forkBlock = Number(await f.client.getBlockNumber());
    const lost = await f.transferMix(4, 5);
    await platform.app.indexer.syncToHead();
    expect(await f.indexedTransferKeys()).toEqual(expect.arrayContaining([`${lost[0]!.hash.toLowerCase()}:0`]));

    expect(await f.rpc("evm_revert", [snapshot])).toBe(true);
    // A different, longer history on the same heights.
    await f.transfer(1, 2, 1n);
    await f.transfer(2, 3, 2n);
    await f.rpc("anvil_mine", ["0x5"]);
    const indexer = f.newIndexer();
    const first = await indexer.step();
    expect(first).toMatchObject({ kind: "reorg", forkBlock });
    await indexer.syncToHead();
    const keys = await f.indexedTransferKeys();
    for (const move of lost) expect(keys.join(",")).not.toContain(move.hash.toLowerCase());
    await f.expectIndexMatchesChain();
    const { holders } = await f.allHolders(forkBlock + 1);
    for (const h of holders) for (const w of h.wallets) expect(BigInt(w.balance)).toBe(await f.balanceOf(w.address as Address, forkBlock + 1));
  });

  it("rewinds when the new branch is shorter than what was indexed", async () => {
    await platform.app.indexer.syncToHead();
    const snapshot = await f.rpc<string>("evm_snapshot");
    const forkBlock = Number(await f.client.getBlockNumber());
    await f.transferMix(5, 6);
    await platform.app.indexer.syncToHead();
    await f.rpc("evm_revert", [snapshot]);
    await f.transfer(3, 0, 5n);
    const result = await f.newIndexer().step();
    expect(result).toMatchObject({ kind: "reorg", forkBlock });
    await f.newIndexer().syncToHead();
    await f.expectIndexMatchesChain();
    const { rows } = await platform.db.query<{ n: string }>(`select count(*)::text as n from indexed_blocks where number > $1`, [forkBlock + 1]);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("starts over instead of mixing chains when the chain or deployment it indexed changed", async () => {
    await platform.app.indexer.syncToHead();
    await platform.db.query(`update indexer_cursor set fingerprint = 'another chain'`);
    await platform.db.query(`insert into transfers (tx_hash, log_index, block_number, token, from_address, to_address, amount)
      values ('0xfeed', 0, 1, $1, $2, $2, 1)`, [f.token.toLowerCase(), DEV[1]!.toLowerCase()]);
    await f.newIndexer({ batchBlocks: 50 }).syncToHead();
    expect(await f.indexedTransferKeys()).not.toContain("0xfeed:0");
    await f.expectIndexMatchesChain();
  });

  it("lets one indexer lead at a time and hands over when the leader stops", async () => {
    const a = f.newIndexer();
    const b = f.newIndexer();
    a.start();
    await waitFor(() => a.leading);
    b.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(b.leading).toBe(false);
    await a.stop();
    await waitFor(() => b.leading);
    await f.transfer(0, 4, 3n);
    await waitFor(async () => (await platform.gql(`{ indexerStatus { lag } }`)).data?.indexerStatus.lag === 0);
    await b.stop();
    await f.expectIndexMatchesChain();
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
