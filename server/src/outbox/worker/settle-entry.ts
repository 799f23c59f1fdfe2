import type { Hex, TransactionReceipt } from "viem";
import { revertReasonOf, type RevertReason } from "../../chain/revert-reason.ts";
import { errorAbiOf, toOutboxEntry, type OutboxFailure, type OutboxRow } from "../outbox-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Confirms a mined entry, or fails it with the replayed reason when it reverted. */
export async function settleEntry(ctx: WorkerContext, row: OutboxRow, receipt: TransactionReceipt) {
  const id = Number(row.id);
  if (receipt.status === "reverted") {
    await failEntry(ctx, { row, code: "OUTBOX_REVERTED", reason: await replayRevert(ctx, row, receipt), receipt });
    return;
  }
  const { rows } = await ctx.db.query<OutboxRow>(
    `update outbox_entries set status = 'confirmed', tx_hash = $2, block_number = $3, block_hash = $4, gas_used = $5,
       effective_gas_price = $6, last_error = null, updated_at = now()
     where id = $1 and status = 'sent' returning *`,
    [id, receipt.transactionHash, receipt.blockNumber.toString(), receipt.blockHash, receipt.gasUsed.toString(), receipt.effectiveGasPrice.toString()],
  );
  if (!rows[0]) return;
  ctx.log.info({ msg: "outbox entry confirmed", entryId: id, purpose: row.purpose, nonce: Number(row.nonce), txHash: receipt.transactionHash, block: Number(receipt.blockNumber), gasUsed: Number(receipt.gasUsed) });
  announce(ctx, rows[0]);
}

/** A receipt carries no reason: replay the call on the state after its block, then before it. */
async function replayRevert(ctx: WorkerContext, row: OutboxRow, receipt: TransactionReceipt): Promise<RevertReason> {
  for (const blockNumber of [receipt.blockNumber, receipt.blockNumber - 1n]) {
    try {
      await ctx.client.call({ account: ctx.sender, to: row.to_address as Hex, data: row.data as Hex, value: BigInt(String(row.value)), gas: receipt.gasUsed * 2n, blockNumber });
    } catch (error) {
      const reason = revertReasonOf(error, errorAbiOf(row));
      if (reason) return reason;
    }
  }
  return { name: "Unknown", args: [], message: "reverted on chain; the reason could not be reproduced" };
}

/** Fails a pending entry (no receipt) or a sent one that was mined and reverted (with its receipt). */
export async function failEntry(ctx: WorkerContext, failure: { row: OutboxRow; code: OutboxFailure["code"]; reason: RevertReason; receipt?: TransactionReceipt }) {
  const { row, code, reason, receipt } = failure;
  const id = Number(row.id);
  const { rows } = await ctx.db.query<OutboxRow>(
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
  ctx.log.warn({ msg: "outbox entry failed", entryId: id, purpose: row.purpose, code, error: reason.name, nonce: row.nonce === null ? null : Number(row.nonce) });
  announce(ctx, rows[0]);
}

/** Tells waiters in this process that an entry is settled; a listener's error never stops the worker. */
export function announce(ctx: WorkerContext, row: OutboxRow) {
  try {
    ctx.outbox.emitSettled(toOutboxEntry(row));
  } catch (error) {
    ctx.log.error({ msg: "outbox settled listener threw", entryId: Number(row.id), err: error });
  }
}
