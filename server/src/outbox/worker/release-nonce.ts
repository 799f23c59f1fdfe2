import { bumpFees } from "../../chain/fees.ts";
import { RELEASE_NONCE_PURPOSE, type OutboxFailureCode, type OutboxRow } from "../outbox-entry.ts";
import { broadcastEntry } from "./broadcast-entry.ts";
import { feesOf } from "./entry-rows.ts";
import { announce } from "./settle-entry.ts";
import { signEntry } from "./sign-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** A plain transfer's gas: the no-op that frees a nonce needs no more. */
const NO_OP_GAS = 21_000n;
const NO_FEE_CEILING = 2n ** 255n;

export const isReleaseEntry = (row: OutboxRow) => row.purpose === RELEASE_NONCE_PURPOSE;

/**
 * Fails a signed entry whose bytes can never be mined and hands its nonce to a no-op: a 0-value transfer from the
 * sender to itself, at the same nonce, with fees raised enough to replace the dropped bytes in any pool. Without it
 * every later write would wait behind the hole forever. The failure and the no-op entry (status `sending`) commit
 * together, and the no-op then goes through the usual steps (signed bytes stored before broadcast, rebroadcast
 * after a restart, fee bumps, receipt), so a crash at any point neither loses the nonce nor frees it twice.
 */
export async function releaseNonce(ctx: WorkerContext, row: OutboxRow, failure: { code: OutboxFailureCode; name: string; args: string[]; message: string }) {
  const { db, client, config, chainId, sender, log } = ctx;
  const id = Number(row.id);
  const nonce = Number(row.nonce);
  const previous = feesOf(row);
  const suggested = await client.estimateFeesPerGas();
  // The dropped bytes may sit at the fee ceiling: the 21,000-gas no-op may then go one bump step above it.
  const fees =
    bumpFees(previous, suggested, config.bumpPercent, ctx.maxFeePerGas) ?? bumpFees(previous, suggested, config.bumpPercent, NO_FEE_CEILING)!;
  const message = `${failure.message}; its nonce ${nonce} was handed to a no-op so that later writes go on`;
  const released = await db.transaction(async (tx) => {
    const { rows } = await tx.query<OutboxRow>(
      `update outbox_entries set status = 'failed', nonce = null, error_code = $3, error_name = $4, error_args = $5::jsonb,
         error_message = $6, last_error = null, updated_at = now()
       where id = $1 and status in ('sending', 'sent') and nonce = $2 returning *`,
      [id, nonce, failure.code, failure.name, JSON.stringify(failure.args), message],
    );
    if (!rows[0]) return null; // settled or requeued meanwhile
    const inserted = await tx.query<OutboxRow>(
      `insert into outbox_entries (idempotency_key, purpose, chain_id, sender, to_address, data, value, status, nonce, gas_limit,
         max_fee_per_gas, max_priority_fee_per_gas)
       values ($1, $2, $3, $4, $4, '0x', 0, 'sending', $5, $6, $7, $8)
       returning *`,
      [
        `${RELEASE_NONCE_PURPOSE}:${chainId}:${sender}:${nonce}:${id}`, RELEASE_NONCE_PURPOSE, chainId, sender, nonce,
        NO_OP_GAS.toString(), fees.maxFeePerGas.toString(), fees.maxPriorityFeePerGas.toString(),
      ],
    );
    return { failed: rows[0], noOp: inserted.rows[0]! };
  });
  if (!released) return;
  log.warn({ msg: "outbox entry can never be mined; failed and its nonce handed to a no-op", entryId: id, purpose: row.purpose, code: failure.code, nonce, noOpEntryId: Number(released.noOp.id) });
  announce(ctx, released.failed);
  const signed = await signEntry(ctx, released.noOp);
  if (signed) await broadcastEntry(ctx, signed);
}
