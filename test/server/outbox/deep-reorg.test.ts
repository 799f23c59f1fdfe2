import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWalletClient, http, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC } from "../../../scripts/lib/local-chain.ts";
import { pglite } from "../../support/databases.ts";
import { incrementData, outboxTargetAbi, startOutboxFixture, type OutboxFixture } from "./outbox-fixture.ts";

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

  it("hands the nonce of a write that reverted, then was reorganised away, to a no-op: the writes after it go on", async () => {
    const other = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 2 }), transport: http(f.chain.rpcUrl) });
    const setPaused = (paused: boolean, tip = 1_000_000_000n) =>
      other.writeContract({ address: f.target, abi: outboxTargetAbi, functionName: "setPaused", args: [paused], chain: null, maxPriorityFeePerGas: tip, maxFeePerGas: 100_000_000_000n });
    const worker = f.worker();
    try {
      // A write that passed simulation reverts once mined: the target is paused ahead of it in the same block.
      const reverted = await f.withoutAutomine(async () => {
        const entry = await f.enqueueIncrement("reverted-then-reorganised");
        await worker.tick();
        await setPaused(true, 50_000_000_000n);
        await f.rpc("evm_mine");
        return (await f.drain(worker, [entry.id]))[0]!;
      });
      expect(reverted).toMatchObject({ status: "failed", failure: { code: "OUTBOX_REVERTED" } });
      await setPaused(false);
      const before = await f.count();
      const head = await f.client.getBlockNumber();
      // Every block from the reverted write's on is replaced by empty ones: its nonce is free again on chain.
      await f.rpc("anvil_reorg", [Number(head - reverted.blockNumber! + 1n), []]);
      expect(await f.client.getTransactionCount({ address: f.agent })).toBe(reverted.nonce);

      const next = await f.enqueueIncrement("after-the-hole");
      const [after] = await f.drain({ tick: async () => { await worker.tick(); await f.rpc("evm_mine"); } }, [next.id]);
      expect(after).toMatchObject({ status: "confirmed", nonce: reverted.nonce! + 1 });
      expect(await f.count()).toBe(before + 1n);
      // The reverted write stays failed, without a nonce; a no-op took it.
      expect(await f.outbox.getOutboxEntry(reverted.id)).toMatchObject({ status: "failed", nonce: null, failure: { code: "OUTBOX_REVERTED" } });
      expect(await reorgsOf(reverted.id)).toBe(1);
      const { rows } = await f.db.query<{ status: string; nonce: string }>(`select status, nonce::text from outbox_entries where purpose = 'outbox.release-nonce' and idempotency_key like $1`, [`%:${reverted.id}`]);
      expect(rows).toEqual([{ status: "confirmed", nonce: String(reverted.nonce) }]);
      expect(await f.client.getTransactionCount({ address: f.agent })).toBe(reverted.nonce! + 2);
    } finally {
      await worker.close();
    }
  });
});
