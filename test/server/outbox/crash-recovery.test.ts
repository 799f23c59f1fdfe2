import { afterAll, beforeAll, expect, it } from "vitest";
import { OutboxWorkerCrash, type OutboxStep } from "../../../server/src/outbox/outbox-worker.ts";
import type { OutboxEntry } from "../../../server/src/outbox/outbox-entry.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { expectContiguous, incrementData, startOutboxFixture, type OutboxFixture } from "./outbox-fixture.ts";

/**
 * A worker killed between any two durable steps is replaced by a new one; the writes must land exactly once each,
 * with contiguous nonces, as seen on the chain itself.
 */
describeEachDatabase("transaction outbox crash recovery", (kind) => {
  let f: OutboxFixture;
  beforeAll(async () => {
    f = await startOutboxFixture(kind, { FOLIO_OUTBOX_BUMP_AFTER_MS: "200" });
  });
  afterAll(() => f?.close());

  /** Ticks `worker` until it crashes; fails if it never reaches the fault. */
  async function runUntilCrash(worker: ReturnType<OutboxFixture["worker"]>) {
    for (let i = 0; i < 50; i++) {
      try {
        await worker.tick();
      } catch (error) {
        if (error instanceof OutboxWorkerCrash) return error.step;
        throw error;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("the worker never reached the injected fault");
  }

  async function expectExactlyOnce(keys: string[], entries: OutboxEntry[]) {
    expect(entries.map((e) => e.status)).toEqual(keys.map(() => "confirmed"));
    const txs = await f.agentTransactions();
    for (const [i, key] of keys.entries()) {
      const carrying = txs.filter((tx) => tx.input === incrementData(key));
      expect(carrying, key).toHaveLength(1);
      expect(carrying[0]!.hash).toBe(entries[i]!.txHash);
      expect(carrying[0]!.nonce).toBe(entries[i]!.nonce);
    }
    expect(expectContiguous(txs.map((tx) => tx.nonce))).toBe(true);
    const counter = await f.db.query<{ next_nonce: string }>("select next_nonce from outbox_nonces where sender = $1", [f.agent]);
    expect(Number(counter.rows[0]!.next_nonce)).toBe(await f.client.getTransactionCount({ address: f.agent }));
  }

  const steps: { step: OutboxStep; expectAfterCrash: (e: OutboxEntry) => void; onChain: boolean }[] = [
    { step: "nonce-assigned", onChain: false, expectAfterCrash: (e) => expect(e).toMatchObject({ status: "sending", txHash: null, attempts: 0 }) },
    { step: "signed", onChain: false, expectAfterCrash: (e) => expect(e).toMatchObject({ status: "sending", attempts: 1 }) },
    { step: "broadcast", onChain: true, expectAfterCrash: (e) => expect(e).toMatchObject({ status: "sending", attempts: 1 }) },
    { step: "marked-sent", onChain: true, expectAfterCrash: (e) => expect(e).toMatchObject({ status: "sent", attempts: 1 }) },
  ];

  for (const { step, expectAfterCrash, onChain } of steps) {
    it(`a worker killed after step "${step}" is replaced without a write sent twice or lost`, async () => {
      const keys = ["a", "b", "c"].map((s) => `${step}-${s}`);
      const before = await f.count();
      const entries = [];
      for (const key of keys) entries.push(await f.enqueueIncrement(key));
      const victim = entries[1]!.id;

      const doomed = f.crashingWorker(step, victim);
      expect(await runUntilCrash(doomed)).toBe(step);
      await doomed.close();

      const atCrash = (await f.outbox.getOutboxEntry(victim))!;
      expectAfterCrash(atCrash);
      // Anvil answers eth_sendRawTransaction before its automine block is sealed: wait for the block, not a guess.
      if (onChain) await f.client.waitForTransactionReceipt({ hash: atCrash.txHash! });
      expect((await f.agentTransactions()).filter((tx) => tx.input === incrementData(keys[1]!))).toHaveLength(onChain ? 1 : 0);

      const settled = await f.settle(entries.map((e) => e.id));
      await expectExactlyOnce(keys, settled);
      expect(await f.count()).toBe(before + 3n);
    });
  }

  it("a worker killed after signing a fee bump is replaced; only one transaction of that nonce is mined", async () => {
    const key = "bump-crash";
    const entry = await f.withoutAutomine(async () => {
      const entry = await f.enqueueIncrement(key);
      const doomed = f.crashingWorker("bump-signed", entry.id);
      expect(await runUntilCrash(doomed)).toBe("bump-signed");
      await doomed.close();
      const atCrash = (await f.outbox.getOutboxEntry(entry.id))!;
      expect(atCrash).toMatchObject({ status: "sent", attempts: 2 });

      const successor = f.worker();
      // Let the successor bump again (the replacement signed by the dead worker never reached the node).
      await new Promise((r) => setTimeout(r, 250));
      await successor.tick();
      expect((await f.outbox.getOutboxEntry(entry.id))!.attempts).toBe(3);
      await f.rpc("evm_mine");
      await f.drain(successor, [entry.id]);
      await successor.close();
      return entry;
    });
    const settled = (await f.outbox.getOutboxEntry(entry.id))!;
    await expectExactlyOnce([key], [settled]);
  });

  it("a worker killed after broadcasting a transaction that is not yet mined is replaced; the same bytes are rebroadcast", async () => {
    const key = "pooled-crash";
    const entry = await f.withoutAutomine(async () => {
      const entry = await f.enqueueIncrement(key);
      const doomed = f.crashingWorker("broadcast");
      await runUntilCrash(doomed);
      await doomed.close();
      const signedHash = (await f.outbox.getOutboxEntry(entry.id))!.txHash;
      const successor = f.worker();
      await successor.tick();
      expect((await f.outbox.getOutboxEntry(entry.id))!).toMatchObject({ status: "sent", txHash: signedHash, attempts: 1 });
      await f.rpc("evm_mine");
      await f.drain(successor, [entry.id]);
      await successor.close();
      return entry;
    });
    await expectExactlyOnce([key], [(await f.outbox.getOutboxEntry(entry.id))!]);
  });

  it("a succession of workers, each killed at the first durable step it reaches for the first time, sends every write exactly once", async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `succession-${i}`);
    const before = await f.count();
    const entries = [];
    for (const key of keys) entries.push(await f.enqueueIncrement(key));
    const ids = entries.map((e) => e.id);
    const crashes: string[] = [];
    for (let generation = 0; generation < 100; generation++) {
      const worker = f.worker({
        faults: (at, entryId) => {
          const point = `${entryId}:${at}`;
          if (crashes.includes(point)) return;
          crashes.push(point);
          throw new OutboxWorkerCrash(at);
        },
      });
      try {
        await worker.tick();
      } catch (error) {
        if (!(error instanceof OutboxWorkerCrash)) throw error;
      }
      await worker.close();
      const now = await Promise.all(ids.map((id) => f.outbox.getOutboxEntry(id)));
      if (now.every((e) => e!.status === "confirmed")) break;
    }
    // Four durable steps per entry, each one a crash: 20 dead workers.
    expect(crashes).toHaveLength(keys.length * 4);
    const settled = await Promise.all(ids.map((id) => f.outbox.getOutboxEntry(id)));
    await expectExactlyOnce(keys, settled as OutboxEntry[]);
    expect(await f.count()).toBe(before + BigInt(keys.length));
  });
});
