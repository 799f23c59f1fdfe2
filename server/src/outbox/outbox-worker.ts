import { TransactionReceiptNotFoundError, type Hex, type PublicClient, type TransactionReceipt } from "viem";
import { bumpFees, capFees, type Fees } from "../chain/fees.ts";
import { revertReasonOf, type RevertReason } from "../chain/revert-reason.ts";
import type { TransactionSigner } from "../chain/signer.ts";
import type { OutboxConfig } from "../config/agent-config.ts";
import type { AdvisoryLock, Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "./outbox.ts";
import { errorAbiOf, toOutboxEntry, type OutboxRow } from "./outbox-entry.ts";

/**
 * The points between durable steps where a crash can happen. Tests inject a crash at each one to show that a new
 * worker neither sends a write twice nor loses it.
 */
export type OutboxStep = "nonce-assigned" | "signed" | "broadcast" | "marked-sent" | "bump-signed";

/** Thrown by a fault hook: the worker stops dead, as if its process had been killed at that step. */
export class OutboxWorkerCrash extends Error {
  constructor(readonly step: OutboxStep) {
    super(`outbox worker crashed (injected) at ${step}`);
  }
}

export interface OutboxWorkerOptions {
  outbox: Outbox;
  db: Database;
  client: PublicClient;
  signer: TransactionSigner;
  config: OutboxConfig;
  logger: Logger;
  /** Test hook called after each durable step; throw OutboxWorkerCrash to kill the worker there. */
  faults?: (step: OutboxStep, entryId: number) => void;
}

/** Pending entries simulated and sent per pass, so that receipts of earlier ones are not starved. */
const PENDING_BATCH = 25;
const MAX_BACKOFF_MS = 30_000;

/**
 * Sends the outbox's entries: the one worker per sender that holds the database advisory lock simulates each
 * write, assigns it the next nonce from a persisted counter, signs it, persists the signed bytes, broadcasts them,
 * follows receipts, and replaces stuck transactions with higher fees (same nonce). Every step is recorded before
 * the next one, so a new worker resumes where a dead one stopped: it rebroadcasts the same bytes, never signs a
 * second transaction with a new nonce for the same entry.
 */
export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { outbox, db, client, signer, config, logger, faults } = options;
  const chainId = outbox.chainId;
  const sender = outbox.sender;
  if (signer.address !== sender || signer.chainId !== chainId) {
    throw new Error(`The outbox (sender ${sender}, chain ${chainId}) and its signer (${signer.address}, ${signer.chainId}) disagree`);
  }
  const maxFeePerGas = BigInt(Math.round(config.maxFeeGwei * 1e9));
  const lockName = `folio:outbox:${chainId}:${sender.toLowerCase()}`;
  const log = logger.child({ component: "outbox", chainId });

  let lock: AdvisoryLock | null = null;
  let stopping = false;
  let crashed = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let woken = false;
  let backoffMs = 0;
  const unsubscribe = outbox.onEnqueued(() => poke());

  function poke() {
    woken = true;
    wake?.();
  }

  const step = (name: OutboxStep, entryId: number) => faults?.(name, entryId);

  // ── one pass ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** One pass over every open entry, oldest nonce first. Returns without doing anything unless this worker leads. */
  async function tick(): Promise<void> {
    if (!(await lead())) return;
    await resumeSending();
    await trackSent();
    await sendPending();
  }

  async function lead(): Promise<boolean> {
    if (lock?.held) return true;
    lock = await db.tryAdvisoryLock(lockName);
    if (lock) log.info({ msg: "outbox worker leads", sender });
    return lock !== null;
  }

  async function openRows(status: "pending" | "sending" | "sent", order: string, limit = 1000): Promise<OutboxRow[]> {
    const { rows } = await db.query<OutboxRow>(
      `select *, next_attempt_at <= now() as due from outbox_entries where chain_id = $1 and sender = $2 and status = $3
       order by ${order} limit $4`,
      [chainId, sender, status, limit],
    );
    return rows;
  }

  /** Entries with a nonce that the node may not know yet: sign them if needed, then (re)broadcast their bytes. */
  async function resumeSending() {
    for (const row of await openRows("sending", "nonce")) {
      const signed = row.raw_tx ? row : await signAndPersist(row);
      if (signed) await broadcast(signed);
    }
  }

  async function sendPending() {
    const pending = await openRows("pending", "id", PENDING_BATCH);
    if (!pending.length) return;
    let inFlight = await countInFlight();
    for (const row of pending) {
      // Writes go out in the order they were enqueued: a later write may depend on an earlier one (register an
      // investor, then add a wallet), so an entry that has to wait holds back the ones behind it.
      if (!row.due) return;
      const simulated = await simulate(row, inFlight);
      if (simulated === "failed") continue;
      if (simulated === "deferred") return;
      const assigned = await assignNonce(row, simulated);
      step("nonce-assigned", Number(row.id));
      const signed = await signAndPersist(assigned);
      if (signed) await broadcast(signed);
      inFlight += 1;
    }
  }

  // ── steps ────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Estimates gas against the pending state. A revert fails the entry without using a nonce, unless earlier writes
   * of ours are still in flight: it may depend on them, so it waits until they are mined.
   */
  async function simulate(row: OutboxRow, inFlight: number): Promise<{ gas: bigint; fees: Fees } | "failed" | "deferred"> {
    const id = Number(row.id);
    try {
      const [estimate, suggested] = await Promise.all([
        client.estimateGas({ account: sender, to: row.to_address as Hex, data: row.data as Hex, value: BigInt(String(row.value)), blockTag: "pending" }),
        client.estimateFeesPerGas(),
      ]);
      const gas = (estimate * BigInt(100 + config.gasMarginPercent)) / 100n;
      return { gas, fees: capFees(suggested, maxFeePerGas) };
    } catch (error) {
      const reason = revertReasonOf(error, errorAbiOf(row));
      if (reason && inFlight === 0) {
        await fail(row, "OUTBOX_SIMULATION_REVERTED", reason);
        return "failed";
      }
      const note = reason ? `simulation reverted (${reason.message}) while earlier writes are in flight: retrying after them` : shortError(error);
      await deferPending(id, note);
      if (!reason) throw error;
      return "deferred";
    }
  }

  /** Takes the next nonce from the persisted counter (re-synced when the chain is ahead) in one transaction. */
  async function assignNonce(row: OutboxRow, prepared: { gas: bigint; fees: Fees }): Promise<OutboxRow> {
    const chainNonce = await client.getTransactionCount({ address: sender, blockTag: "pending" });
    return db.transaction(async (tx) => {
      await tx.query(
        `insert into outbox_nonces (chain_id, sender, next_nonce) values ($1, $2, $3) on conflict (chain_id, sender) do nothing`,
        [chainId, sender, chainNonce],
      );
      const counter = await tx.query<{ next_nonce: string }>(
        `select next_nonce from outbox_nonces where chain_id = $1 and sender = $2 for update`,
        [chainId, sender],
      );
      const stored = Number(counter.rows[0]!.next_nonce);
      // Ahead only if the key was used outside the outbox; behind is normal while our own sends are not yet pooled.
      const nonce = Math.max(stored, chainNonce);
      if (nonce !== stored) log.warn({ msg: "outbox nonce re-synced from the chain", stored, chain: chainNonce });
      await tx.query(`update outbox_nonces set next_nonce = $3, updated_at = now() where chain_id = $1 and sender = $2`, [chainId, sender, nonce + 1]);
      const { rows } = await tx.query<OutboxRow>(
        `update outbox_entries set status = 'sending', nonce = $2, gas_limit = $3, max_fee_per_gas = $4,
           max_priority_fee_per_gas = $5, last_error = null, updated_at = now()
         where id = $1 and status = 'pending' returning *`,
        [row.id, nonce, prepared.gas.toString(), prepared.fees.maxFeePerGas.toString(), prepared.fees.maxPriorityFeePerGas.toString()],
      );
      if (!rows[0]) throw new Error(`outbox entry ${row.id} left pending while a nonce was assigned`);
      return rows[0];
    });
  }

  /** Signs with the entry's nonce and fees and records the bytes and hash before anything is broadcast. */
  async function signAndPersist(row: OutboxRow): Promise<OutboxRow | null> {
    const signed = await signer.sign(transactionOf(row, feesOf(row)));
    const persisted = await db.transaction(async (tx) => {
      const { rows } = await tx.query<OutboxRow>(
        `update outbox_entries set raw_tx = $2, tx_hash = $3, attempts = attempts + 1, updated_at = now()
         where id = $1 and status = 'sending' and raw_tx is null returning *`,
        [row.id, signed.raw, signed.hash],
      );
      if (!rows[0]) return null; // another worker signed it first: these bytes are dropped unsent
      await recordAttempt(tx, rows[0], signed, feesOf(row));
      return rows[0];
    });
    if (persisted) step("signed", Number(row.id));
    return persisted;
  }

  /** Broadcasts the persisted bytes; a node that already has them (or mined them) counts as sent. */
  async function broadcast(row: OutboxRow): Promise<void> {
    const id = Number(row.id);
    try {
      await client.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex });
    } catch (error) {
      const message = shortError(error);
      if (!/already known|already imported|known transaction|nonce too low|nonce has already been used/i.test(message)) {
        await noteError(id, message);
        log.warn({ msg: "outbox broadcast failed, will retry", entryId: id, nonce: Number(row.nonce), error: message });
        return;
      }
      if (/nonce/i.test(message) && (await nonceTakenElsewhere(row))) return;
    }
    step("broadcast", id);
    const { rows } = await db.query<OutboxRow>(
      `update outbox_entries set status = 'sent', sent_at = now(), last_error = null, updated_at = now()
       where id = $1 and status = 'sending' returning *`,
      [id],
    );
    if (rows[0]) {
      log.info({ msg: "outbox entry sent", entryId: id, purpose: row.purpose, nonce: Number(row.nonce), txHash: row.tx_hash });
      step("marked-sent", id);
    }
  }

  /** Settles mined entries, replaces stuck ones with higher fees. */
  async function trackSent() {
    const sent = await openRows("sent", "nonce");
    if (!sent.length) return;
    const head = await client.getBlockNumber();
    for (const row of sent) {
      const receipt = await findReceipt(row);
      if (receipt) {
        if (head - receipt.blockNumber + 1n >= BigInt(config.confirmations)) await settle(row, receipt);
        continue;
      }
      const sentAt = row.sent_at ? new Date(row.sent_at as Date).getTime() : 0;
      if (Date.now() - sentAt >= config.bumpAfterMs && !(await nonceTakenElsewhere(row))) await bump(row);
    }
  }

  async function bump(row: OutboxRow) {
    const id = Number(row.id);
    const previous = feesOf(row);
    const next = bumpFees(previous, await client.estimateFeesPerGas(), config.bumpPercent, maxFeePerGas);
    if (!next) {
      // At the ceiling: keep the transaction in the pool and wait.
      log.warn({ msg: "outbox fee ceiling reached, rebroadcasting", entryId: id, maxFeePerGas: previous.maxFeePerGas.toString() });
      await client.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex }).catch(() => {});
      await db.query(`update outbox_entries set sent_at = now(), updated_at = now() where id = $1 and status = 'sent'`, [id]);
      return;
    }
    const signed = await signer.sign(transactionOf(row, next));
    const persisted = await db.transaction(async (tx) => {
      const { rows } = await tx.query<OutboxRow>(
        `update outbox_entries set raw_tx = $3, tx_hash = $4, max_fee_per_gas = $5, max_priority_fee_per_gas = $6,
           attempts = attempts + 1, updated_at = now()
         where id = $1 and status = 'sent' and tx_hash = $2 returning *`,
        [id, row.tx_hash, signed.raw, signed.hash, next.maxFeePerGas.toString(), next.maxPriorityFeePerGas.toString()],
      );
      if (rows[0]) await recordAttempt(tx, rows[0], signed, next);
      return rows[0] ?? null;
    });
    if (!persisted) return;
    step("bump-signed", id);
    log.info({ msg: "outbox fee bump", entryId: id, nonce: Number(row.nonce), attempt: Number(persisted.attempts), maxFeePerGas: next.maxFeePerGas.toString() });
    try {
      await client.sendRawTransaction({ serializedTransaction: signed.raw });
      await db.query(`update outbox_entries set sent_at = now(), last_error = null where id = $1 and status = 'sent'`, [id]);
    } catch (error) {
      // "nonce too low": an earlier attempt was mined, found on the next pass. Anything else: bump again later.
      await noteError(id, shortError(error));
    }
  }

  /** The receipt of whichever attempt of this entry was mined, if any (attempts share a nonce: at most one is). */
  async function findReceipt(row: OutboxRow): Promise<TransactionReceipt | null> {
    const { rows } = await db.query<{ tx_hash: Hex }>(`select tx_hash from outbox_attempts where entry_id = $1 order by created_at desc`, [row.id]);
    for (const { tx_hash: hash } of rows) {
      try {
        return await client.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    return null;
  }

  /**
   * The chain has mined this nonce but none of our attempts: the key was used outside the outbox. None of our
   * bytes can be mined any more, so the entry goes back to pending for a new nonce (it is not lost).
   */
  async function nonceTakenElsewhere(row: OutboxRow): Promise<boolean> {
    const mined = await client.getTransactionCount({ address: sender, blockTag: "latest" });
    if (mined <= Number(row.nonce) || (await findReceipt(row))) return false;
    log.error({ msg: "outbox nonce used outside the outbox; entry requeued", entryId: Number(row.id), nonce: Number(row.nonce) });
    await db.query(
      `update outbox_entries set status = 'pending', nonce = null, raw_tx = null, tx_hash = null, sent_at = null,
         last_error = 'nonce used outside the outbox: requeued', updated_at = now()
       where id = $1 and status in ('sending', 'sent')`,
      [row.id],
    );
    return true;
  }

  async function settle(row: OutboxRow, receipt: TransactionReceipt) {
    const id = Number(row.id);
    if (receipt.status === "reverted") {
      await fail(row, "OUTBOX_REVERTED", await replayRevert(row, receipt), receipt);
      return;
    }
    const { rows } = await db.query<OutboxRow>(
      `update outbox_entries set status = 'confirmed', tx_hash = $2, block_number = $3, block_hash = $4, gas_used = $5,
         effective_gas_price = $6, last_error = null, updated_at = now()
       where id = $1 and status = 'sent' returning *`,
      [id, receipt.transactionHash, receipt.blockNumber.toString(), receipt.blockHash, receipt.gasUsed.toString(), receipt.effectiveGasPrice.toString()],
    );
    if (!rows[0]) return;
    log.info({ msg: "outbox entry confirmed", entryId: id, purpose: row.purpose, nonce: Number(row.nonce), txHash: receipt.transactionHash, block: Number(receipt.blockNumber), gasUsed: Number(receipt.gasUsed) });
    announce(rows[0]);
  }

  /** A receipt carries no reason: replay the call on the state after its block, then before it. */
  async function replayRevert(row: OutboxRow, receipt: TransactionReceipt): Promise<RevertReason> {
    for (const blockNumber of [receipt.blockNumber, receipt.blockNumber - 1n]) {
      try {
        await client.call({ account: sender, to: row.to_address as Hex, data: row.data as Hex, value: BigInt(String(row.value)), gas: receipt.gasUsed * 2n, blockNumber });
      } catch (error) {
        const reason = revertReasonOf(error, errorAbiOf(row));
        if (reason) return reason;
      }
    }
    return { name: "Unknown", args: [], message: "reverted on chain; the reason could not be reproduced" };
  }

  async function fail(row: OutboxRow, code: "OUTBOX_SIMULATION_REVERTED" | "OUTBOX_REVERTED", reason: RevertReason, receipt?: TransactionReceipt) {
    const id = Number(row.id);
    const { rows } = await db.query<OutboxRow>(
      `update outbox_entries set status = 'failed', error_code = $2, error_name = $3, error_args = $4::jsonb, error_message = $5,
         tx_hash = coalesce($6, tx_hash), block_number = $7, block_hash = $8, gas_used = $9, effective_gas_price = $10,
         last_error = null, updated_at = now()
       where id = $1 and status = $11 returning *`,
      [
        id, code, reason.name, JSON.stringify(reason.args), reason.message,
        receipt?.transactionHash ?? null, receipt?.blockNumber.toString() ?? null, receipt?.blockHash ?? null,
        receipt?.gasUsed.toString() ?? null, receipt?.effectiveGasPrice.toString() ?? null,
        receipt ? "sent" : "pending",
      ],
    );
    if (!rows[0]) return;
    log.warn({ msg: "outbox entry failed", entryId: id, purpose: row.purpose, code, error: reason.name, nonce: row.nonce === null ? null : Number(row.nonce) });
    announce(rows[0]);
  }

  function announce(row: OutboxRow) {
    try {
      outbox.emitSettled(toOutboxEntry(row));
    } catch (error) {
      log.error({ msg: "outbox settled listener threw", entryId: Number(row.id), err: error });
    }
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────────────────────

  async function recordAttempt(tx: Pick<Database, "query">, row: OutboxRow, signed: { raw: Hex; hash: Hex }, fees: Fees) {
    await tx.query(
      `insert into outbox_attempts (tx_hash, entry_id, nonce, raw_tx, max_fee_per_gas, max_priority_fee_per_gas)
       values ($1, $2, $3, $4, $5, $6) on conflict (tx_hash) do nothing`,
      [signed.hash, row.id, row.nonce, signed.raw, fees.maxFeePerGas.toString(), fees.maxPriorityFeePerGas.toString()],
    );
  }

  async function countInFlight(): Promise<number> {
    const { rows } = await db.query<{ n: string }>(
      `select count(*) as n from outbox_entries where chain_id = $1 and sender = $2 and status in ('sending', 'sent')`,
      [chainId, sender],
    );
    return Number(rows[0]!.n);
  }

  async function deferPending(id: number, note: string) {
    await db.query(
      `update outbox_entries set last_error = $2, next_attempt_at = now() + ($3::integer * interval '1 millisecond'), updated_at = now()
       where id = $1 and status = 'pending'`,
      [id, note, config.retryMs],
    );
  }

  async function noteError(id: number, message: string) {
    await db.query(`update outbox_entries set last_error = $2, updated_at = now() where id = $1`, [id, message]);
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────────────────────────

  async function run() {
    while (!stopping) {
      try {
        await tick();
        backoffMs = 0;
      } catch (error) {
        if (error instanceof OutboxWorkerCrash) {
          crashed = true;
          stopping = true;
          // A killed process's database session ends, and with it the leader lock.
          await lock?.release();
          return;
        }
        backoffMs = Math.min(backoffMs ? backoffMs * 2 : config.retryMs, MAX_BACKOFF_MS);
        log.warn({ msg: "outbox pass failed, retrying", error: shortError(error), retryInMs: backoffMs });
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        if (woken && !backoffMs) {
          woken = false;
          return resolve();
        }
        const timer = setTimeout(done, backoffMs || config.pollMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          woken = false;
          resolve();
        }
        wake = done;
      });
    }
  }

  return {
    /** Starts the loop: it leads when it gets the lock, and otherwise keeps trying (another replica leads). */
    start() {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    /** Stops after the current pass and releases the leader lock. */
    async close() {
      stopping = true;
      unsubscribe();
      wake?.();
      await loop;
      loop = null;
      await lock?.release();
    },
    /** Runs one pass now (tests and tools); throws what the pass throws. */
    tick,
    /** Wakes the loop for an immediate pass. */
    poke,
    /** True once an injected fault killed the worker. */
    get crashed() {
      return crashed;
    },
    get leading() {
      return lock?.held ?? false;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;

function feesOf(row: OutboxRow): Fees {
  return { maxFeePerGas: BigInt(String(row.max_fee_per_gas)), maxPriorityFeePerGas: BigInt(String(row.max_priority_fee_per_gas)) };
}

function transactionOf(row: OutboxRow, fees: Fees) {
  return {
    to: row.to_address as Hex,
    data: row.data as Hex,
    value: BigInt(String(row.value)),
    nonce: Number(row.nonce),
    gas: BigInt(String(row.gas_limit)),
    ...fees,
  };
}

function shortError(error: unknown): string {
  const e = error as { shortMessage?: string; details?: string; message?: string };
  return [e.shortMessage ?? e.message ?? String(error), e.details].filter(Boolean).join(": ").slice(0, 500);
}
