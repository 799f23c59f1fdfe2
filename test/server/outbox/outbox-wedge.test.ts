import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Address } from "viem";
import { describeEachDatabase } from "../../support/databases.ts";
import { blockGasLimit } from "../../../server/src/chain/chain.ts";
import { OutboxWorkerCrash } from "../../../server/src/outbox/outbox-worker.ts";
import { RELEASE_NONCE_PURPOSE, type OutboxEntry } from "../../../server/src/outbox/outbox-entry.ts";
import { expectContiguous, incrementData, startOutboxFixture, type OutboxFixture } from "./outbox-fixture.ts";

/** A plain transfer (21,000 gas) to dev account #19: it fits under every block gas limit these tests set. */
const PLAIN_TRANSFER_TO: Address = "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199";
/** Below what `increment` needs (about 45,000 gas with its event), above a plain transfer. */
const LOW_LIMIT = 30_000n;
const NORMAL_LIMIT = 30_000_000n;

/**
 * The outbox never wedges: an entry that needs more gas than a block holds, a broadcast the node refuses for good
 * and a signed entry that can never be mined each fail alone, and the writes enqueued after them still confirm.
 */
describeEachDatabase("transaction outbox that cannot be wedged", (kind) => {
  let f: OutboxFixture;
  beforeAll(async () => {
    f = await startOutboxFixture(kind);
  });
  afterAll(() => f?.close());
  afterEach(async () => {
    await setBlockGasLimit(NORMAL_LIMIT);
  });

  async function setBlockGasLimit(limit: bigint) {
    await f.rpc("evm_setBlockGasLimit", [`0x${limit.toString(16)}`]);
    await f.rpc("evm_mine");
    expect(await blockGasLimit(f.client)).toBe(limit);
  }
  const enqueueTransfer = (key: string) => f.outbox.enqueue({ idempotencyKey: key, to: PLAIN_TRANSFER_TO, data: "0x", purpose: "test.transfer" });
  const releaseEntries = async () =>
    (await f.db.query<{ id: string }>("select id from outbox_entries where purpose = $1 order by id", [RELEASE_NONCE_PURPOSE])).rows.map((r) => Number(r.id));
  const minedNonces = async () => (await f.agentTransactions()).map((tx) => tx.nonce);
  async function expectNonceFreedBy(failed: OutboxEntry, droppedNonce: number, later: OutboxEntry) {
    const noOpId = (await releaseEntries()).at(-1)!;
    const [noOp] = await f.settle([noOpId]);
    expect(noOp).toMatchObject({ status: "confirmed", nonce: droppedNonce, to: f.agent, sender: f.agent, value: 0n, data: "0x", purpose: RELEASE_NONCE_PURPOSE });
    expect(later).toMatchObject({ status: "confirmed", nonce: droppedNonce + 1 });
    // The dropped bytes were never mined; the no-op took their nonce, and no nonce on chain is missing or doubled.
    expect((await f.agentTransactions()).filter((tx) => tx.input === failed.data && tx.nonce === droppedNonce && failed.data !== "0x")).toHaveLength(0);
    expect(expectContiguous(await minedNonces())).toBe(true);
  }

  it("refuses a write that needs more gas than a block holds before it takes a nonce; the next write confirms", async () => {
    const nonceBefore = await f.client.getTransactionCount({ address: f.agent });
    await setBlockGasLimit(LOW_LIMIT);
    const tooBig = await f.enqueueIncrement("over-limit");
    const later = await enqueueTransfer("after-over-limit");
    const [failed, confirmed] = await f.settle([tooBig.id, later.id]);
    expect(failed).toMatchObject({
      status: "failed", nonce: null, txHash: null, attempts: 0,
      failure: { code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT", name: "GasAboveBlockLimit", args: [String(LOW_LIMIT)] },
    });
    expect(failed!.failure!.message).toMatch(/more gas than the block gas limit of 30000: it can never be mined/);
    expect(confirmed).toMatchObject({ status: "confirmed", nonce: nonceBefore });
    expect(await f.client.getTransactionCount({ address: f.agent })).toBe(nonceBefore + 1);
  });

  it("refuses a write given a gas limit above the block gas limit before it takes a nonce, and signs a given limit that fits", async () => {
    const nonceBefore = await f.client.getTransactionCount({ address: f.agent });
    const request = (key: string, gas: bigint) => ({ idempotencyKey: key, to: PLAIN_TRANSFER_TO, data: "0x" as const, purpose: "test.transfer", gas });
    const tooBig = await f.outbox.enqueue(request("given-over-limit", NORMAL_LIMIT + 1n));
    const fits = await f.outbox.enqueue(request("given-fits", 25_000n));
    expect(tooBig.requestedGas).toBe(NORMAL_LIMIT + 1n);
    const [failed, confirmed] = await f.settle([tooBig.id, fits.id]);
    expect(failed).toMatchObject({ status: "failed", nonce: null, attempts: 0, failure: { code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT", name: "GasAboveBlockLimit", message: `asks for ${NORMAL_LIMIT + 1n} gas, more than the block gas limit of ${NORMAL_LIMIT}: it can never be mined` } });
    expect(confirmed).toMatchObject({ status: "confirmed", nonce: nonceBefore, gasLimit: 25_000n });
    expect((await f.client.getTransaction({ hash: confirmed!.txHash! })).gas).toBe(25_000n);
    // The same key with another gas limit describes another write.
    await expect(f.outbox.enqueue(request("given-fits", 30_000n))).rejects.toMatchObject({ code: "OUTBOX_IDEMPOTENCY_CONFLICT" });
  });

  it("signs the estimate's gas instead of a given limit the write cannot run with, so it does not run out of gas on chain", async () => {
    const tooLow = await f.outbox.enqueue({ idempotencyKey: "given-too-low", to: f.target, data: incrementData("given-too-low"), purpose: "test.increment", gas: LOW_LIMIT });
    const [confirmed] = await f.settle([tooLow.id]);
    expect(confirmed).toMatchObject({ status: "confirmed" });
    expect(confirmed!.gasLimit!).toBeGreaterThan(LOW_LIMIT);
    expect(confirmed!.gasUsed!).toBeGreaterThan(LOW_LIMIT);
    expect((await f.client.getTransactionReceipt({ hash: confirmed!.txHash! })).status).toBe("success");
  });

  it("rejects a malformed gas limit with a clear error and stores nothing", async () => {
    const rows = async () => Number((await f.db.query<{ n: string }>("select count(*) as n from outbox_entries")).rows[0]!.n);
    const before = await rows();
    for (const gas of [0n, -1n, 20_999n, 2n ** 64n, 21_000 as unknown as bigint]) {
      await expect(f.outbox.enqueue({ idempotencyKey: "bad-gas", to: PLAIN_TRANSFER_TO, data: "0x", purpose: "test.transfer", gas })).rejects.toMatchObject({
        code: "OUTBOX_INVALID_REQUEST",
        message: "gas must be a bigint from 21000 to 18446744073709551615",
      });
    }
    expect(await rows()).toBe(before);
  });

  it("caps the gas margin at the block gas limit, so an estimate just under the limit is still sent and mined", async () => {
    const probe = await f.client.estimateGas({ account: f.agent, to: f.target, data: incrementData("near-limit") });
    // The 20 % margin would take the gas above this limit; the estimate itself fits.
    const limit = probe + probe / 20n;
    await setBlockGasLimit(limit);
    const entry = await f.enqueueIncrement("near-limit");
    const [settled] = await f.settle([entry.id]);
    expect(settled).toMatchObject({ status: "confirmed", gasLimit: limit });
  });

  it("fails a signed write whose broadcast the node refuses for good, frees its nonce with a no-op, and the next write confirms", async () => {
    // Signed with the normal limit, then the worker dies before broadcasting; meanwhile the block gas limit falls.
    const entry = await f.enqueueIncrement("refused");
    const crashing = f.crashingWorker("signed", entry.id);
    await expect(crashing.tick()).rejects.toBeInstanceOf(OutboxWorkerCrash);
    await crashing.close();
    const signed = (await f.outbox.getOutboxEntry(entry.id))!;
    expect(signed).toMatchObject({ status: "sending", attempts: 1 });
    await setBlockGasLimit(LOW_LIMIT);

    const later = await enqueueTransfer("after-refused");
    const [failed, confirmed] = await f.settle([entry.id, later.id]);
    expect(failed).toMatchObject({ status: "failed", nonce: null, failure: { code: "OUTBOX_BROADCAST_REFUSED", name: "BroadcastRefused" } });
    expect(failed!.failure!.message).toMatch(/refused the signed transaction for good .*gas/);
    expect(failed!.failure!.message).toContain(`its nonce ${signed.nonce} was handed to a no-op`);
    await expectNonceFreedBy(failed!, signed.nonce!, confirmed!);
  });

  it("fails a sent write that can never be mined once the block gas limit fell under its gas, replaces it with a no-op, and the next write confirms", async () => {
    const { failed, later, sent } = await f.withoutAutomine(async () => {
      const entry = await f.enqueueIncrement("never-mined");
      const worker = f.worker();
      await worker.tick();
      const sent = (await f.outbox.getOutboxEntry(entry.id))!;
      expect(sent.status).toBe("sent");
      // The chain's limit falls under the signed gas: the pooled bytes can never be mined.
      await setBlockGasLimit(LOW_LIMIT);
      expect(await f.client.getTransactionCount({ address: f.agent })).toBe(sent.nonce);
      const later = await enqueueTransfer("after-never-mined");
      await worker.tick();
      const failed = (await f.outbox.getOutboxEntry(entry.id))!;
      expect(failed).toMatchObject({
        status: "failed", nonce: null,
        failure: { code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT", name: "GasAboveBlockLimit", args: [String(sent.gasLimit), String(LOW_LIMIT)] },
      });
      // The no-op pays more than the dropped bytes, so it replaces them in the pool.
      const noOp = (await f.outbox.getOutboxEntry((await releaseEntries()).at(-1)!))!;
      expect(noOp).toMatchObject({ status: "sent", nonce: sent.nonce, gasLimit: 21_000n });
      expect(noOp.maxFeePerGas! * 1000n).toBeGreaterThanOrEqual(sent.maxFeePerGas! * 1125n);
      expect((await f.outbox.getOutboxEntry(later.id))!).toMatchObject({ status: "sent", nonce: sent.nonce! + 1 });
      // The low limit holds one 21,000-gas transfer per block: the no-op, then the later write.
      await f.rpc("evm_mine");
      await f.rpc("evm_mine");
      const [settledLater] = await f.drain(worker, [later.id]);
      await worker.close();
      return { failed, later: settledLater!, sent };
    });
    await expectNonceFreedBy(failed, sent.nonce!, later);
  });

  it("a worker killed after signing the no-op that frees a nonce is replaced; the no-op is mined once and the next write confirms", async () => {
    const { sent, noOpId } = await f.withoutAutomine(async () => {
      const entry = await f.enqueueIncrement("never-mined-crash");
      const first = f.worker();
      await first.tick();
      await first.close();
      const sent = (await f.outbox.getOutboxEntry(entry.id))!;
      await setBlockGasLimit(LOW_LIMIT);
      // The next durable step is the no-op's signature: the worker dies right after it.
      const crashing = f.crashingWorker("signed");
      await expect(crashing.tick()).rejects.toBeInstanceOf(OutboxWorkerCrash);
      await crashing.close();
      const noOpId = (await releaseEntries()).at(-1)!;
      expect((await f.outbox.getOutboxEntry(noOpId))!).toMatchObject({ status: "sending", nonce: sent.nonce, attempts: 1 });
      expect((await f.outbox.getOutboxEntry(entry.id))!).toMatchObject({ status: "failed", failure: { code: "OUTBOX_GAS_ABOVE_BLOCK_LIMIT" } });
      const worker = f.worker();
      await worker.tick();
      await worker.close();
      await f.rpc("evm_mine");
      return { sent, noOpId };
    });
    const later = await enqueueTransfer("after-never-mined-crash");
    const [noOp, confirmed] = await f.settle([noOpId, later.id]);
    expect(noOp).toMatchObject({ status: "confirmed", nonce: sent.nonce, attempts: 1 });
    expect(confirmed).toMatchObject({ status: "confirmed", nonce: sent.nonce! + 1 });
    expect((await f.agentTransactions()).filter((tx) => tx.nonce === sent.nonce)).toHaveLength(1);
    expect(expectContiguous(await minedNonces())).toBe(true);
  });

  it("keeps the nonce counter in step with the chain after every failure", async () => {
    const counter = await f.db.query<{ next_nonce: string }>("select next_nonce from outbox_nonces where sender = $1", [f.agent]);
    expect(Number(counter.rows[0]!.next_nonce)).toBe(await f.client.getTransactionCount({ address: f.agent }));
    const open = await f.db.query<{ n: string }>("select count(*) as n from outbox_entries where status in ('pending', 'sending', 'sent')");
    expect(Number(open.rows[0]!.n)).toBe(0);
  });
});
