import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { pglite } from "../../support/databases.ts";
import { incrementData, startOutboxFixture, type OutboxFixture } from "./outbox-fixture.ts";

/**
 * A reorganisation deeper than the confirmation depth takes confirmed writes off the chain. The worker must notice and
 * put each back exactly once: with its own signed bytes when the chain dropped it, or by following it to its new block
 * when the network mined it again.
 */
describe("transaction outbox after a reorganisation deeper than its confirmations", () => {
  let f: OutboxFixture;
  beforeAll(async () => {
    f = await startOutboxFixture(pglite);
  });
  afterAll(() => f?.close());

  const reorgsOf = async (id: number) => Number((await f.db.query<{ reorgs: number }>("select reorgs from outbox_entries where id = $1", [id])).rows[0]!.reorgs);
  const blockHash = async (n: bigint) => (await f.client.getBlock({ blockNumber: n })).hash;

  it("sends a confirmed write that the reorganisation dropped again, with the same bytes, once", async () => {
    const before = await f.count();
    const entries = await f.settle([(await f.enqueueIncrement("reorg-dropped-a")).id, (await f.enqueueIncrement("reorg-dropped-b")).id]);
    expect(entries.map((e) => e.status)).toEqual(["confirmed", "confirmed"]);
    const head = await f.client.getBlockNumber();
    // Replace every block from the first write's on with empty ones: both transactions are gone from the chain.
    await f.rpc("anvil_reorg", [Number(head - entries[0]!.blockNumber! + 1n), []]);
    expect(await f.count()).toBe(before);

    const worker = f.worker();
    try {
      const after = await f.drain({ tick: async () => { await worker.tick(); await f.rpc("evm_mine"); } }, entries.map((e) => e.id));
      expect(after.map((e) => e.status)).toEqual(["confirmed", "confirmed"]);
      for (const [i, e] of after.entries()) {
        expect(e.txHash).toBe(entries[i]!.txHash);
        expect(e.nonce).toBe(entries[i]!.nonce);
        expect(e.blockHash).toBe(await blockHash(e.blockNumber!));
        expect(await reorgsOf(e.id)).toBe(1);
      }
    } finally {
      await worker.close();
    }
    expect(await f.count()).toBe(before + 2n);
    const txs = await f.agentTransactions();
    for (const key of ["reorg-dropped-a", "reorg-dropped-b"]) expect(txs.filter((tx) => tx.input === incrementData(key))).toHaveLength(1);
  });

  it("follows a confirmed write that the network mined again into another block, sending nothing", async () => {
    const before = await f.count();
    const snapshot = await f.rpc("evm_snapshot");
    const [entry] = await f.settle([(await f.enqueueIncrement("reorg-remined")).id]);
    const { rows } = await f.db.query<{ raw_tx: Hex }>("select raw_tx from outbox_entries where id = $1", [entry!.id]);
    await f.rpc("evm_revert", [snapshot]);
    await f.rpc("evm_mine");
    // The network puts the orphaned transaction back: it is mined one block later than it was.
    await f.rpc("eth_sendRawTransaction", [rows[0]!.raw_tx]);
    const worker = f.worker();
    try {
      await worker.tick();
    } finally {
      await worker.close();
    }
    const after = (await f.outbox.getOutboxEntry(entry!.id))!;
    expect(after).toMatchObject({ status: "confirmed", txHash: entry!.txHash, attempts: 1 });
    expect(after.blockNumber).toBe(entry!.blockNumber! + 1n);
    expect(after.blockHash).toBe(await blockHash(after.blockNumber!));
    expect(await reorgsOf(entry!.id)).toBe(1);
    expect(await f.count()).toBe(before + 1n);
  });
});
