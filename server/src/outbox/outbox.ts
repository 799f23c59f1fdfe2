import { EventEmitter } from "node:events";
import {
  encodeFunctionData,
  getAddress,
  isAddress,
  isHex,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
} from "viem";
import { errorItemsOf } from "../chain/revert-reason.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { isSettled, OUTBOX_STATUSES, toOutboxEntry, type OutboxEntry, type OutboxRow, type OutboxStatus } from "./outbox-entry.ts";

type WriteMutability = "nonpayable" | "payable";

interface RequestBase {
  /** Unique per intended write: the same key twice returns the first entry and never sends twice. */
  idempotencyKey: string;
  to: Address;
  value?: bigint;
  /** What the write is for, e.g. `kyc.registerInvestor` (shown to operators; never personal data). */
  purpose: string;
  /**
   * The gas limit to sign with, instead of the estimate plus FOLIO_OUTBOX_GAS_MARGIN_PERCENT. The write is simulated
   * by running it once with exactly this gas (no estimate needed when that succeeds); a limit the write does not run
   * with is replaced by the estimate's, and above the block gas limit the write fails (OUTBOX_GAS_ABOVE_BLOCK_LIMIT)
   * before taking a nonce.
   */
  gas?: bigint;
}

/** A write given as calldata. */
export interface RawOutboxRequest extends RequestBase {
  data: Hex;
}

/** A write given as a contract call; its ABI's custom errors are kept to decode a revert. */
export type ContractOutboxRequest<
  abi extends Abi = Abi,
  functionName extends ContractFunctionName<abi, WriteMutability> = ContractFunctionName<abi, WriteMutability>,
> = RequestBase & {
  abi: abi;
  functionName: functionName;
  args: ContractFunctionArgs<abi, WriteMutability, functionName>;
};

export interface EnqueueOptions {
  /** The caller's open transaction: the entry commits (or rolls back) with the caller's own changes. */
  tx?: Queryable;
}

export interface ListOutboxOptions {
  limit: number;
  /** Entries with a smaller id than this (newest first). */
  beforeId?: number | null;
  status?: OutboxStatus | null;
}

const MAX_KEY_LENGTH = 200;
const MAX_PURPOSE_LENGTH = 100;
const DEFAULT_STUCK_AFTER_SECONDS = 900;
/** A plain transfer's intrinsic gas, and the largest gas a transaction field holds. */
const MIN_GAS = 21_000n;
const MAX_GAS = 2n ** 64n - 1n;

/**
 * Every on-chain write of the server goes through here: `enqueue` records it (in the caller's transaction when
 * given) and the outbox worker sends it exactly once. Poll with `getOutboxEntry` or wait with `waitForOutboxEntry`.
 */
export function createOutbox(options: { db: Database; chainId: number; sender: Address; stuckAfterSeconds?: number }) {
  const { db, chainId } = options;
  /** An open entry older than this is reported as stuck (FOLIO_OUTBOX_STUCK_AFTER_SECONDS). */
  const stuckAfterSeconds = options.stuckAfterSeconds ?? DEFAULT_STUCK_AFTER_SECONDS;
  const sender = getAddress(options.sender);
  const events = new EventEmitter();
  events.setMaxListeners(0);

  async function enqueue<const abi extends Abi, functionName extends ContractFunctionName<abi, WriteMutability>>(
    request: RawOutboxRequest | ContractOutboxRequest<abi, functionName>,
    enqueueOptions: EnqueueOptions = {},
  ): Promise<OutboxEntry> {
    const { idempotencyKey, purpose } = request;
    if (typeof idempotencyKey !== "string" || idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY_LENGTH) {
      throw invalid(`idempotencyKey must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
    }
    if (typeof purpose !== "string" || purpose.length === 0 || purpose.length > MAX_PURPOSE_LENGTH) {
      throw invalid(`purpose must be a non-empty string of at most ${MAX_PURPOSE_LENGTH} characters`);
    }
    if (typeof request.to !== "string" || !isAddress(request.to, { strict: false })) throw invalid("to must be an address");
    const value = request.value ?? 0n;
    if (typeof value !== "bigint" || value < 0n) throw invalid("value must be a non-negative bigint (wei)");
    const gas = request.gas ?? null;
    if (gas !== null && (typeof gas !== "bigint" || gas < MIN_GAS || gas > MAX_GAS)) throw invalid(`gas must be a bigint from ${MIN_GAS} to ${MAX_GAS}`);
    let data: Hex;
    let errorAbi: unknown[] | null = null;
    if ("abi" in request) {
      try {
        data = encodeFunctionData({ abi: request.abi as Abi, functionName: request.functionName as string, args: request.args as unknown[] });
      } catch (cause) {
        throw new FolioError("OUTBOX_INVALID_REQUEST", `Cannot encode ${String(request.functionName)}: ${(cause as Error).message.split("\n")[0]}`, { cause });
      }
      const errors = errorItemsOf(request.abi);
      errorAbi = errors.length ? errors : null;
    } else {
      if (!isHex(request.data, { strict: true })) throw invalid("data must be 0x-prefixed hex calldata");
      data = request.data.toLowerCase() as Hex;
    }
    const to = getAddress(request.to);

    const q = enqueueOptions.tx ?? db;
    const inserted = await q.query<OutboxRow>(
      `insert into outbox_entries (idempotency_key, purpose, chain_id, sender, to_address, data, value, error_abi, requested_gas)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       on conflict (idempotency_key) do nothing
       returning *`,
      [idempotencyKey, purpose, chainId, sender, to, data, value.toString(), errorAbi ? JSON.stringify(errorAbi) : null, gas?.toString() ?? null],
    );
    if (inserted.rows[0]) {
      const entry = toOutboxEntry(inserted.rows[0]);
      // Inside the caller's transaction the row is not visible yet: such a caller calls `wake` after its commit
      // (the worker also polls), so waking early is harmless.
      events.emit("enqueued");
      return entry;
    }
    const existing = await q.query<OutboxRow>(`select * from outbox_entries where idempotency_key = $1`, [idempotencyKey]);
    const entry = toOutboxEntry(existing.rows[0]!);
    if (entry.to !== to || entry.data !== data || entry.value !== value || entry.chainId !== chainId || entry.requestedGas !== gas) {
      throw new FolioError("OUTBOX_IDEMPOTENCY_CONFLICT", `Idempotency key already used for a different write (entry ${entry.id})`, {
        hint: "Use one key per intended write; the same key must always describe the same call.",
      });
    }
    return entry;
  }

  async function getOutboxEntry(id: number): Promise<OutboxEntry | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const { rows } = await db.query<OutboxRow>(`select * from outbox_entries where id = $1`, [id]);
    return rows[0] ? toOutboxEntry(rows[0]) : null;
  }

  async function getOutboxEntryByKey(idempotencyKey: string): Promise<OutboxEntry | null> {
    const { rows } = await db.query<OutboxRow>(`select * from outbox_entries where idempotency_key = $1`, [idempotencyKey]);
    return rows[0] ? toOutboxEntry(rows[0]) : null;
  }

  /** Newest first; `limit` rows from before `beforeId`, optionally of one status. */
  async function listOutboxEntries({ limit, beforeId = null, status = null }: ListOutboxOptions): Promise<OutboxEntry[]> {
    if (status !== null && !OUTBOX_STATUSES.includes(status)) throw invalid(`status must be one of ${OUTBOX_STATUSES.join(", ")}`);
    const { rows } = await db.query<OutboxRow>(
      `select * from outbox_entries
       where ($1::bigint is null or id < $1::bigint) and ($2::text is null or status = $2::text)
       order by id desc limit $3`,
      [beforeId, status, limit],
    );
    return rows.map(toOutboxEntry);
  }

  /** Open entries (pending, sending, sent) enqueued more than `stuckAfterSeconds` ago, and the oldest one's age. */
  async function countStuckEntries(): Promise<{ stuck: number; oldestSeconds: number | null }> {
    const { rows } = await db.query<{ n: string; oldest: string | null }>(
      `select count(*) as n, floor(extract(epoch from now() - min(created_at)))::bigint as oldest from outbox_entries
       where status in ('pending', 'sending', 'sent') and created_at <= now() - ($1::integer * interval '1 second')`,
      [stuckAfterSeconds],
    );
    const { n, oldest } = rows[0]!;
    return { stuck: Number(n), oldestSeconds: oldest === null ? null : Number(oldest) };
  }

  /**
   * Resolves with the entry once it is confirmed or failed (a failed entry resolves too: check `status`). Events
   * from this process's worker answer at once; polling covers a worker in another replica.
   */
  async function waitForOutboxEntry(id: number, { timeoutMs = 60_000, pollMs = 200 } = {}): Promise<OutboxEntry> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const entry = await getOutboxEntry(id);
      if (!entry) throw new FolioError("OUTBOX_ENTRY_NOT_FOUND", `No outbox entry ${id}`);
      if (isSettled(entry.status)) return entry;
      const left = deadline - Date.now();
      if (left <= 0) throw new FolioError("OUTBOX_WAIT_TIMEOUT", `Outbox entry ${id} is still ${entry.status} after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          events.off("settled", onSettled);
          resolve();
        };
        const onSettled = (settled: OutboxEntry) => settled.id === id && done();
        const timer = setTimeout(done, Math.min(pollMs, left));
        events.on("settled", onSettled);
      });
    }
  }

  return {
    chainId,
    sender,
    stuckAfterSeconds,
    enqueue,
    getOutboxEntry,
    getOutboxEntryByKey,
    listOutboxEntries,
    waitForOutboxEntry,
    countStuckEntries,
    /** For the worker: wakes it when a write is enqueued in this process (or `wake` is called). */
    onEnqueued(listener: () => void): () => void {
      events.on("enqueued", listener);
      return () => events.off("enqueued", listener);
    },
    /**
     * Wakes this process's worker for an immediate pass. A caller that enqueued inside its own transaction calls it
     * once that transaction commits: the wake-up `enqueue` gives comes before the entry is visible to the worker.
     */
    wake() {
      events.emit("enqueued");
    },
    /** Calls `listener` with each entry this process's worker confirms or fails (e.g. to follow up at once). */
    onSettled(listener: (entry: OutboxEntry) => void): () => void {
      events.on("settled", listener);
      return () => events.off("settled", listener);
    },
    /** For the worker: announces a confirmed or failed entry. */
    emitSettled(entry: OutboxEntry) {
      events.emit("settled", entry);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

function invalid(message: string) {
  return new FolioError("OUTBOX_INVALID_REQUEST", message);
}
