import { afterAll, beforeAll, expect, it } from "vitest";
import { createWalletClient, encodeFunctionData, http, type Hex } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { DEV_MNEMONIC } from "../../../scripts/lib/local-chain.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { expectContiguous, incrementData, outboxTargetAbi, startOutboxFixture, type OutboxFixture } from "./outbox-fixture.ts";

describeEachDatabase("transaction outbox", (kind) => {
  let f: OutboxFixture;
  beforeAll(async () => {
    f = await startOutboxFixture(kind, { FOLIO_OUTBOX_BUMP_AFTER_MS: "300" });
  });
  afterAll(() => f?.close());

  const rowCount = async () => Number((await f.db.query<{ n: string }>("select count(*) as n from outbox_entries")).rows[0]!.n);
  const txsWith = async (data: Hex) => (await f.agentTransactions()).filter((tx) => tx.input === data);

  it("sends a write once and confirms it with its block and gas used", async () => {
    const before = await f.count();
    const entry = await f.enqueueIncrement("send-once");
    expect(entry).toMatchObject({ status: "pending", nonce: null, to: f.target, sender: f.agent, purpose: "test.increment" });

    const worker = f.worker();
    worker.start();
    const settled = await f.outbox.waitForOutboxEntry(entry.id, { timeoutMs: 20_000 });
    await worker.close();

    expect(settled.status).toBe("confirmed");
    expect(settled.blockNumber).toBeGreaterThan(0n);
    expect(settled.gasUsed).toBeGreaterThan(21_000n);
    const receipt = await f.client.getTransactionReceipt({ hash: settled.txHash! });
    expect(receipt.status).toBe("success");
    expect(receipt.blockNumber).toBe(settled.blockNumber);
    expect(await f.count()).toBe(before + 1n);
    expect(await txsWith(incrementData("send-once"))).toHaveLength(1);
    expect(await f.outbox.getOutboxEntryByKey("send-once")).toMatchObject({ id: entry.id, status: "confirmed" });
  });

  it("returns the first entry for a repeated idempotency key and sends the write once", async () => {
    const first = await f.enqueueIncrement("same-key");
    const second = await f.enqueueIncrement("same-key");
    expect(second.id).toBe(first.id);
    const worker = f.worker();
    await f.drain(worker, [first.id]);
    const third = await f.enqueueIncrement("same-key");
    expect(third).toMatchObject({ id: first.id, status: "confirmed" });
    await f.drain(worker, [first.id]);
    await worker.close();
    expect(await txsWith(incrementData("same-key"))).toHaveLength(1);
  });

  it("refuses the same idempotency key for a different write, and changes nothing", async () => {
    const entry = await f.enqueueIncrement("conflict-key");
    const rows = await rowCount();
    await expect(f.outbox.enqueue({ idempotencyKey: "conflict-key", to: f.target, data: incrementData("other"), purpose: "test.increment" })).rejects.toMatchObject({
      code: "OUTBOX_IDEMPOTENCY_CONFLICT",
    });
    expect(await rowCount()).toBe(rows);
    expect((await f.outbox.getOutboxEntry(entry.id))!.data).toBe(incrementData("conflict-key"));
    await f.settle([entry.id]);
  });

  it("commits the entry with the caller's transaction and drops it when that transaction rolls back", async () => {
    const rows = await rowCount();
    await expect(
      f.db.transaction(async (tx) => {
        await f.outbox.enqueue({ idempotencyKey: "rolled-back", to: f.target, data: incrementData("rolled-back"), purpose: "test.increment" }, { tx });
        throw new Error("the domain change failed");
      }),
    ).rejects.toThrow("the domain change failed");
    expect(await rowCount()).toBe(rows);
    expect(await f.outbox.getOutboxEntryByKey("rolled-back")).toBeNull();

    const committed = await f.db.transaction((tx) =>
      f.outbox.enqueue({ idempotencyKey: "committed", to: f.target, data: incrementData("committed"), purpose: "test.increment" }, { tx }),
    );
    const [settled] = await f.settle([committed.id]);
    expect(settled!.status).toBe("confirmed");
    expect(await txsWith(incrementData("rolled-back"))).toHaveLength(0);
  });

  it("rejects malformed requests with a clear error and stores nothing", async () => {
    const rows = await rowCount();
    const base = { idempotencyKey: "bad", to: f.target, data: "0x" as Hex, purpose: "test.bad" };
    const cases: [unknown, RegExp][] = [
      [{ ...base, idempotencyKey: "" }, /idempotencyKey/],
      [{ ...base, idempotencyKey: "k".repeat(201) }, /idempotencyKey/],
      [{ ...base, purpose: "" }, /purpose/],
      [{ ...base, to: "0x1234" }, /to must be an address/],
      [{ ...base, data: "0xzz" }, /data must be 0x-prefixed hex/],
      [{ ...base, value: -1n }, /value must be a non-negative/],
      [{ idempotencyKey: "bad", to: f.target, abi: outboxTargetAbi, functionName: "nope", args: [], purpose: "test.bad" }, /Cannot encode nope/],
      [{ idempotencyKey: "bad", to: f.target, abi: outboxTargetAbi, functionName: "increment", args: [1n], purpose: "test.bad" }, /Cannot encode increment/],
    ];
    for (const [request, message] of cases) {
      await expect(f.outbox.enqueue(request as never)).rejects.toMatchObject({ code: "OUTBOX_INVALID_REQUEST", message: expect.stringMatching(message) });
    }
    expect(await rowCount()).toBe(rows);
  });

  it("fails a call that reverts in simulation with the decoded custom error, using no nonce", async () => {
    const nonceBefore = await f.client.getTransactionCount({ address: f.agent });
    const txsBefore = (await f.agentTransactions()).length;
    const custom = await f.outbox.enqueue({ idempotencyKey: "reject-7", to: f.target, abi: outboxTargetAbi, functionName: "reject", args: [7n], purpose: "test.reject" });
    const reason = await f.outbox.enqueue({ idempotencyKey: "reject-reason", to: f.target, data: encodeFunctionData({ abi: outboxTargetAbi, functionName: "rejectWithReason", args: ["not today"] }), purpose: "test.reject" });
    const panic = await f.outbox.enqueue({ idempotencyKey: "divide-0", to: f.target, data: encodeFunctionData({ abi: outboxTargetAbi, functionName: "divide", args: [0n] }), purpose: "test.reject" });
    const after = await f.enqueueIncrement("after-rejects");
    const [c, r, p, a] = await f.settle([custom.id, reason.id, panic.id, after.id]);

    expect(c).toMatchObject({ status: "failed", nonce: null, txHash: null, failure: { code: "OUTBOX_SIMULATION_REVERTED", name: "OutboxTargetRejected", args: ["7", f.agent], message: `OutboxTargetRejected(7, ${f.agent})` } });
    expect(r).toMatchObject({ status: "failed", nonce: null, failure: { name: "Error", message: "not today" } });
    expect(p).toMatchObject({ status: "failed", nonce: null, failure: { name: "Panic", message: "Panic(0x12): division or modulo by zero" } });
    // The write behind the failures still goes out, with the very next nonce.
    expect(a).toMatchObject({ status: "confirmed", nonce: nonceBefore });
    expect((await f.agentTransactions()).length).toBe(txsBefore + 1);
  });

  it("fails a write that passed simulation but reverted on chain, with the reason replayed from its block", async () => {
    await f.withoutAutomine(async () => {
      const entry = await f.enqueueIncrement("paused-later");
      const worker = f.worker();
      await worker.tick();
      expect((await f.outbox.getOutboxEntry(entry.id))!.status).toBe("sent");
      // Someone else pauses the target with a higher tip, so the pause lands first in the same block.
      const other = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 2 }), transport: http(f.chain.rpcUrl) });
      await other.writeContract({ address: f.target, abi: outboxTargetAbi, functionName: "setPaused", args: [true], chain: null, maxPriorityFeePerGas: 50_000_000_000n, maxFeePerGas: 100_000_000_000n });
      await f.rpc("evm_mine");
      const [failed] = await f.drain(worker, [entry.id]);
      await worker.close();
      expect(failed).toMatchObject({ status: "failed", failure: { code: "OUTBOX_REVERTED", name: "OutboxTargetPaused", args: [] } });
      expect(failed!.blockNumber).toBeGreaterThan(0n);
      expect((await f.client.getTransactionReceipt({ hash: failed!.txHash! })).status).toBe("reverted");
      await other.writeContract({ address: f.target, abi: outboxTargetAbi, functionName: "setPaused", args: [false], chain: null });
      await f.rpc("evm_mine");
    });
  });

  it("replaces a transaction that is not mined in time with higher fees and the same nonce", async () => {
    const entryId = await f.withoutAutomine(async () => {
      const entry = await f.enqueueIncrement("stuck");
      const worker = f.worker();
      await worker.tick();
      const sent = (await f.outbox.getOutboxEntry(entry.id))!;
      expect(sent).toMatchObject({ status: "sent", attempts: 1 });
      await new Promise((r) => setTimeout(r, 350));
      await worker.tick();
      const bumped = (await f.outbox.getOutboxEntry(entry.id))!;
      expect(bumped).toMatchObject({ status: "sent", attempts: 2, nonce: sent.nonce });
      expect(bumped.txHash).not.toBe(sent.txHash);
      // At least +12.5 % on both caps, as nodes require of a replacement.
      expect(bumped.maxFeePerGas! * 1000n).toBeGreaterThanOrEqual(sent.maxFeePerGas! * 1125n);
      expect(bumped.maxPriorityFeePerGas! * 1000n).toBeGreaterThanOrEqual(sent.maxPriorityFeePerGas! * 1125n);
      const attempts = await f.db.query<{ nonce: string }>("select nonce from outbox_attempts where entry_id = $1", [entry.id]);
      expect(attempts.rows.map((a) => Number(a.nonce))).toEqual([sent.nonce, sent.nonce]);

      await f.rpc("evm_mine");
      const [confirmed] = await f.drain(worker, [entry.id]);
      await worker.close();
      expect(confirmed).toMatchObject({ status: "confirmed", txHash: bumped.txHash, nonce: sent.nonce });
      return entry.id;
    });
    const mined = await txsWith(incrementData("stuck"));
    expect(mined).toHaveLength(1);
    expect(mined[0]!.hash).toBe((await f.outbox.getOutboxEntry(entryId!))!.txHash);
  });

  it("gives concurrent enqueues contiguous nonces and sends each once", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `concurrent-${i}`);
    const entries = await Promise.all(keys.map((key) => f.enqueueIncrement(key)));
    expect(new Set(entries.map((e) => e.id)).size).toBe(keys.length);
    const worker = f.worker();
    worker.start();
    const settled = await Promise.all(entries.map((e) => f.outbox.waitForOutboxEntry(e.id, { timeoutMs: 30_000 })));
    await worker.close();
    expect(settled.every((e) => e.status === "confirmed")).toBe(true);
    const nonces = settled.map((e) => e.nonce!).sort((a, b) => a - b);
    expect(nonces.at(-1)! - nonces[0]! + 1).toBe(keys.length);
    for (const key of keys) expect(await txsWith(incrementData(key))).toHaveLength(1);
    expect(expectContiguous((await f.agentTransactions()).map((tx) => tx.nonce))).toBe(true);
  });

  /** Transactions the agent key sent outside the outbox (another tool holding the same key). */
  const external: Hex[] = [];
  const agentWallet = () => createWalletClient({ account: privateKeyToAccount(f.config.agentKey.reveal()), transport: http(f.chain.rpcUrl) });

  it("re-syncs its nonce counter when the key was used outside the outbox", async () => {
    const first = await f.enqueueIncrement("before-external");
    await f.settle([first.id]);
    external.push(await agentWallet().sendTransaction({ to: f.target, data: "0x", value: 0n, chain: null, gas: 30_000n }).catch(() => agentWallet().sendTransaction({ to: f.agent, value: 0n, chain: null })));
    const next = await f.enqueueIncrement("after-external");
    const [settled] = await f.settle([next.id]);
    expect(settled).toMatchObject({ status: "confirmed", nonce: (await f.outbox.getOutboxEntry(first.id))!.nonce! + 2 });
  });

  it("requeues a write whose nonce was taken by a transaction from outside the outbox, and sends it once", async () => {
    const id = await f.withoutAutomine(async () => {
      const entry = await f.enqueueIncrement("nonce-stolen");
      const worker = f.worker();
      await worker.tick();
      const sent = (await f.outbox.getOutboxEntry(entry.id))!;
      expect(sent.status).toBe("sent");
      // Same nonce, much higher fees: the node keeps this one and drops ours.
      external.push(await agentWallet().sendTransaction({ to: f.agent, value: 0n, nonce: sent.nonce!, chain: null, maxFeePerGas: sent.maxFeePerGas! * 10n, maxPriorityFeePerGas: sent.maxPriorityFeePerGas! * 10n }));
      await f.rpc("evm_mine");
      await new Promise((r) => setTimeout(r, 350));
      // One pass finds the nonce taken, requeues the entry and sends it again with the next nonce.
      await worker.tick();
      expect((await f.outbox.getOutboxEntry(entry.id))!).toMatchObject({ status: "sent", nonce: sent.nonce! + 1 });
      await f.rpc("evm_mine");
      const [settled] = await f.drain(worker, [entry.id]);
      await worker.close();
      expect(settled).toMatchObject({ status: "confirmed", nonce: sent.nonce! + 1 });
      return entry.id;
    });
    expect(await txsWith(incrementData("nonce-stolen"))).toHaveLength(1);
    expect((await f.outbox.getOutboxEntry(id!))!.txHash).toBe((await txsWith(incrementData("nonce-stolen")))[0]!.hash);
  });

  it("lets exactly one worker lead; another takes over when it stops", async () => {
    const a = f.worker();
    const b = f.worker();
    const entry = await f.enqueueIncrement("leader");
    await a.tick();
    await b.tick();
    expect(a.leading).toBe(true);
    expect(b.leading).toBe(false);
    await a.close();
    const [settled] = await f.drain(b, [entry.id]);
    expect(b.leading).toBe(true);
    expect(settled!.status).toBe("confirmed");
    await b.close();
  });

  it("keeps the agent's nonces on chain contiguous, each used once", async () => {
    const txs = await f.agentTransactions();
    expect(txs.length).toBeGreaterThan(10);
    expect(expectContiguous(txs.map((tx) => tx.nonce))).toBe(true);
    const entries = await f.db.query<{ tx_hash: string }>("select tx_hash from outbox_entries where nonce is not null");
    expect(external).toHaveLength(2);
    expect(new Set(txs.map((t) => t.hash))).toEqual(new Set([...entries.rows.map((e) => e.tx_hash), ...external]));
  });
});
