import type { Address, Hex } from "viem";
import type { AbiError } from "../chain/revert-reason.ts";

/**
 * pending: waiting for simulation and a nonce · sending: nonce assigned (and maybe signed), not yet known to the
 * node · sent: broadcast, waiting for a receipt · confirmed: mined successfully · failed: reverted (in simulation,
 * with no nonce used, or on chain).
 */
export type OutboxStatus = "pending" | "sending" | "sent" | "confirmed" | "failed";
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ["pending", "sending", "sent", "confirmed", "failed"];

export interface OutboxFailure {
  /** OUTBOX_SIMULATION_REVERTED (nothing was sent) or OUTBOX_REVERTED (mined, reverted: its nonce is used). */
  code: "OUTBOX_SIMULATION_REVERTED" | "OUTBOX_REVERTED";
  /** The custom error's name, `Error`, `Panic` or `Unknown`. */
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

export const isSettled = (status: OutboxStatus) => status === "confirmed" || status === "failed";
