import type { Address, Hex } from "viem";
import type { AbiError } from "../chain/revert-reason.ts";

/**
 * pending: waiting for simulation and a nonce · sending: nonce assigned (and maybe signed), not yet known to the
 * node · sent: broadcast, waiting for a receipt · confirmed: mined successfully · failed: reverted (in simulation,
 * with no nonce used, or on chain), refused (its gas is above the block gas limit, before any nonce), or dropped as
 * never mineable (its nonce then goes to a no-op self-transfer, purpose \`outbox.release-nonce\`, so later writes
 * move on).
 */
export type OutboxStatus = "pending" | "sending" | "sent" | "confirmed" | "failed";
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ["pending", "sending", "sent", "confirmed", "failed"];

export type OutboxFailureCode = "OUTBOX_SIMULATION_REVERTED" | "OUTBOX_REVERTED" | "OUTBOX_GAS_ABOVE_BLOCK_LIMIT" | "OUTBOX_BROADCAST_REFUSED";

/** The purpose of the no-op self-transfer that takes over the nonce of a write that can never be mined. */
export const RELEASE_NONCE_PURPOSE = "outbox.release-nonce";

export interface OutboxFailure {
  /**
   * OUTBOX_SIMULATION_REVERTED (nothing was sent), OUTBOX_REVERTED (mined, reverted: its nonce is used),
   * OUTBOX_GAS_ABOVE_BLOCK_LIMIT (needs more gas than a block holds: refused before taking a nonce, or dropped
   * after signing when the limit fell, its nonce freed) or OUTBOX_BROADCAST_REFUSED (the node refused the signed
   * bytes for good: dropped, its nonce freed).
   */
  code: OutboxFailureCode;
  /** The custom error's name, `Error`, `Panic`, `Unknown`, `GasAboveBlockLimit` or `BroadcastRefused`. */
  name: string;
  args: string[];
  message: string;
}

/** One on-chain write and where it stands. */
export interface OutboxEntry {
  id: number;
  idempotencyKey: string;
  /** What the write is for, e.g. `kyc.registerInvestor` (for operators; never personal data). */
  purpose: string;
  chainId: number;
  sender: Address;
  to: Address;
  data: Hex;
  value: bigint;
  status: OutboxStatus;
  nonce: number | null;
  /** The gas limit the caller gave, signed instead of the estimate plus margin; null to estimate. */
  requestedGas: bigint | null;
  /** The gas limit of the current attempt. */
  gasLimit: bigint | null;
  maxFeePerGas: bigint | null;
  maxPriorityFeePerGas: bigint | null;
  /** The latest signed attempt, or once mined, the attempt that was mined. */
  txHash: Hex | null;
  /** Signed attempts so far (1 + fee bumps). */
  attempts: number;
  sentAt: Date | null;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  gasUsed: bigint | null;
  effectiveGasPrice: bigint | null;
  failure: OutboxFailure | null;
  /** The last transient problem (RPC unreachable, waiting for earlier writes), cleared by progress. */
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The row as the database returns it; numeric and bigint columns may come back as strings. */
export type OutboxRow = Record<string, unknown>;

const big = (v: unknown) => (v === null || v === undefined ? null : BigInt(String(v)));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: Number(row.id),
    idempotencyKey: row.idempotency_key as string,
    purpose: row.purpose as string,
    chainId: Number(row.chain_id),
    sender: row.sender as Address,
    to: row.to_address as Address,
    data: row.data as Hex,
    value: big(row.value) ?? 0n,
    status: row.status as OutboxStatus,
    nonce: num(row.nonce),
    requestedGas: big(row.requested_gas),
    gasLimit: big(row.gas_limit),
    maxFeePerGas: big(row.max_fee_per_gas),
    maxPriorityFeePerGas: big(row.max_priority_fee_per_gas),
    txHash: (row.tx_hash as Hex | null) ?? null,
    attempts: Number(row.attempts),
    sentAt: (row.sent_at as Date | null) ?? null,
    blockNumber: big(row.block_number),
    blockHash: (row.block_hash as Hex | null) ?? null,
    gasUsed: big(row.gas_used),
    effectiveGasPrice: big(row.effective_gas_price),
    failure: row.error_code
      ? {
          code: row.error_code as OutboxFailure["code"],
          name: (row.error_name as string | null) ?? "Unknown",
          args: json<string[] | null>(row.error_args) ?? [],
          message: (row.error_message as string | null) ?? "",
        }
      : null,
    lastError: (row.last_error as string | null) ?? null,
    createdAt: new Date(row.created_at as Date),
    updatedAt: new Date(row.updated_at as Date),
  };
}

/** The stored error items of the caller's ABI, used to decode a revert of this entry. */
export function errorAbiOf(row: OutboxRow): AbiError[] {
  return json<AbiError[] | null>(row.error_abi) ?? [];
}

/**
 * When an open entry (pending, sending or sent) became stuck: `stuckAfterSeconds` after it was enqueued. Null for a
 * settled entry or one still within the threshold.
 */
export function stuckSince(entry: Pick<OutboxEntry, "status" | "createdAt">, stuckAfterSeconds: number, now = new Date()): Date | null {
  if (isSettled(entry.status)) return null;
  const since = new Date(entry.createdAt.getTime() + stuckAfterSeconds * 1000);
  return since <= now ? since : null;
}

export const isSettled = (status: OutboxStatus) => status === "confirmed" || status === "failed";
