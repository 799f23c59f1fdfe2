import type { Hex } from "viem";
import type { Fees } from "../../chain/fees.ts";
import type { SignableTransaction, SignedTransaction } from "../../chain/signer.ts";
import type { Database } from "../../db/database.ts";
import type { OutboxRow } from "../outbox-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** The sender's entries of one status, with `due` telling whether their retry time has come. */
export async function openRows(ctx: WorkerContext, query: { status: "pending" | "sending" | "sent"; order: "id" | "nonce"; limit?: number }): Promise<OutboxRow[]> {
  const { rows } = await ctx.db.query<OutboxRow>(
    `select *, next_attempt_at <= now() as due from outbox_entries where chain_id = $1 and sender = $2 and status = $3
     order by ${query.order} limit $4`,
    [ctx.chainId, ctx.sender, query.status, query.limit ?? 1000],
  );
  return rows;
}

/** Entries of the sender holding a nonce that is not mined yet. */
export async function countInFlight(ctx: WorkerContext): Promise<number> {
  const { rows } = await ctx.db.query<{ n: string }>(
    `select count(*) as n from outbox_entries where chain_id = $1 and sender = $2 and status in ('sending', 'sent')`,
    [ctx.chainId, ctx.sender],
  );
  return Number(rows[0]!.n);
}

/** Records one signed attempt (fee bumps share the entry's nonce), so a receipt of any of them is found later. */
export async function recordAttempt(tx: Pick<Database, "query">, attempt: { row: OutboxRow; signed: SignedTransaction; fees: Fees }) {
  const { row, signed, fees } = attempt;
  await tx.query(
    `insert into outbox_attempts (tx_hash, entry_id, nonce, raw_tx, max_fee_per_gas, max_priority_fee_per_gas)
     values ($1, $2, $3, $4, $5, $6) on conflict (tx_hash) do nothing`,
    [signed.hash, row.id, row.nonce, signed.raw, fees.maxFeePerGas.toString(), fees.maxPriorityFeePerGas.toString()],
  );
}

/** Leaves a pending entry pending with a note, to be tried again after the retry delay. */
export async function deferPending(ctx: WorkerContext, id: number, note: string) {
  await ctx.db.query(
    `update outbox_entries set last_error = $2, next_attempt_at = now() + ($3::integer * interval '1 millisecond'), updated_at = now()
     where id = $1 and status = 'pending'`,
    [id, note, ctx.config.retryMs],
  );
}

/** Notes a transient problem on the entry (shown to operators, cleared by progress). */
export async function noteError(ctx: WorkerContext, id: number, message: string) {
  await ctx.db.query(`update outbox_entries set last_error = $2, updated_at = now() where id = $1`, [id, message]);
}

export function feesOf(row: OutboxRow): Fees {
  return { maxFeePerGas: BigInt(String(row.max_fee_per_gas)), maxPriorityFeePerGas: BigInt(String(row.max_priority_fee_per_gas)) };
}

/** The entry's transaction with the given fees, ready to sign. */
export function transactionOf(row: OutboxRow, fees: Fees): SignableTransaction {
  return {
    to: row.to_address as Hex,
    data: row.data as Hex,
    value: BigInt(String(row.value)),
    nonce: Number(row.nonce),
    gas: BigInt(String(row.gas_limit)),
    ...fees,
  };
}

/** One line of at most 500 characters from a viem (or any) error. */
export function shortError(error: unknown): string {
  const e = error as { shortMessage?: string; details?: string; message?: string };
  return [e.shortMessage ?? e.message ?? String(error), e.details].filter(Boolean).join(": ").slice(0, 500);
}
