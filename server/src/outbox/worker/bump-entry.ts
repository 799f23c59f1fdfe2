import type { Hex } from "viem";
import { bumpFees } from "../../chain/fees.ts";
import type { OutboxRow } from "../outbox-entry.ts";
import { feesOf, noteError, recordAttempt, shortError, transactionOf } from "./entry-rows.ts";
import type { WorkerContext } from "./worker-context.ts";

/**
 * Replaces a sent transaction that is not mined in time with a copy at the same nonce and higher fees; at the fee
 * ceiling, rebroadcasts the bytes it has and waits.
 */
export async function bumpEntry(ctx: WorkerContext, row: OutboxRow) {
  const { client, db, config, log } = ctx;
  const id = Number(row.id);
  const previous = feesOf(row);
  const next = bumpFees(previous, await client.estimateFeesPerGas(), config.bumpPercent, ctx.maxFeePerGas);
  if (!next) {
    // At the ceiling: keep the transaction in the pool and wait.
    log.warn({ msg: "outbox fee ceiling reached, rebroadcasting", entryId: id, maxFeePerGas: previous.maxFeePerGas.toString() });
    await client.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex }).catch(() => {});
    await db.query(`update outbox_entries set sent_at = now(), updated_at = now() where id = $1 and status = 'sent'`, [id]);
    return;
  }
  const signed = await ctx.signer.sign(transactionOf(row, next));
  const persisted = await db.transaction(async (tx) => {
    const { rows } = await tx.query<OutboxRow>(
      `update outbox_entries set raw_tx = $3, tx_hash = $4, max_fee_per_gas = $5, max_priority_fee_per_gas = $6,
         attempts = attempts + 1, updated_at = now()
       where id = $1 and status = 'sent' and tx_hash = $2 returning *`,
      [id, row.tx_hash, signed.raw, signed.hash, next.maxFeePerGas.toString(), next.maxPriorityFeePerGas.toString()],
    );
    if (rows[0]) await recordAttempt(tx, { row: rows[0], signed, fees: next });
    return rows[0] ?? null;
  });
  if (!persisted) return;
  ctx.step("bump-signed", id);
  log.info({ msg: "outbox fee bump", entryId: id, nonce: Number(row.nonce), attempt: Number(persisted.attempts), maxFeePerGas: next.maxFeePerGas.toString() });
  try {
    await client.sendRawTransaction({ serializedTransaction: signed.raw });
    await db.query(`update outbox_entries set sent_at = now(), last_error = null where id = $1 and status = 'sent'`, [id]);
  } catch (error) {
    // "nonce too low": an earlier attempt was mined, found on the next pass. Anything else: bump again later.
    await noteError(ctx, id, shortError(error));
  }
}
