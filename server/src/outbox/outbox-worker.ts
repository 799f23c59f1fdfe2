import type { PublicClient } from "viem";
import type { TransactionSigner } from "../chain/signer.ts";
import type { OutboxConfig } from "../config/agent-config.ts";
import type { AdvisoryLock, Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "./outbox.ts";
import { shortError } from "./worker/entry-rows.ts";
import { resumeSending, sendPending } from "./worker/send-pending.ts";
import { trackSent } from "./worker/track-sent.ts";
import { createReorgWatch } from "./worker/watch-reorgs.ts";
import { OutboxWorkerCrash, type OutboxStep, type WorkerContext } from "./worker/worker-context.ts";

export { OutboxWorkerCrash, type OutboxStep } from "./worker/worker-context.ts";

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

const MAX_BACKOFF_MS = 30_000;

/**
 * Sends the outbox's entries: the one worker per sender that holds the database advisory lock simulates each
 * write, assigns it the next nonce from a persisted counter, signs it, persists the signed bytes, broadcasts them,
 * follows receipts, and replaces stuck transactions with higher fees (same nonce). Every step is recorded before
 * the next one, so a new worker resumes where a dead one stopped: it rebroadcasts the same bytes, never signs a
 * second transaction with a new nonce for the same entry. Nothing can wedge the queue: a write needing more gas
 * than a block holds fails before it takes a nonce, and signed bytes that can never be mined (refused for good by
 * the node, or above a block gas limit that fell) fail their entry and hand its nonce to a no-op self-transfer.
 * The steps live in ./worker/, one module each; this module holds the leadership and the loop.
 */
export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { outbox, db, client, signer, config, logger, faults } = options;
  const chainId = outbox.chainId;
  const sender = outbox.sender;
  if (signer.address !== sender || signer.chainId !== chainId) {
    throw new Error(`The outbox (sender ${sender}, chain ${chainId}) and its signer (${signer.address}, ${signer.chainId}) disagree`);
  }
  const log = logger.child({ component: "outbox", chainId });
  const ctx: WorkerContext = {
    outbox,
    db,
    client,
    signer,
    config,
    log,
    chainId,
    sender,
    maxFeePerGas: BigInt(Math.round(config.maxFeeGwei * 1e9)),
    step: (name, entryId) => faults?.(name, entryId),
  };
  const lockName = `folio:outbox:${chainId}:${sender.toLowerCase()}`;
  const watchReorgs = createReorgWatch(ctx);

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

  /**
   * One pass over every open entry, oldest nonce first. Returns without doing anything unless this worker leads;
   * true when it broadcast, settled or failed an entry.
   */
  async function pass(): Promise<boolean> {
    if (!(await lead())) return false;
    const reorganised = await watchReorgs();
    await resumeSending(ctx);
    const settled = await trackSent(ctx);
    const sent = await sendPending(ctx);
    return reorganised + settled + sent > 0;
  }

  async function lead(): Promise<boolean> {
    if (lock?.held) return true;
    lock = await db.tryAdvisoryLock(lockName);
    if (lock) log.info({ msg: "outbox worker leads", sender });
    return lock !== null;
  }

  async function run() {
    while (!stopping) {
      try {
        // A pass that moved something is followed by another at once rather than after the poll interval: what it
        // broadcast may already be mined (a fast chain), and what it settled may let deferred entries go.
        if (await pass()) woken = true;
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
    async tick(): Promise<void> {
      await pass();
    },
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
