import { bumpFees } from "../../chain/fees.ts";
import type { Queryable } from "../../db/database.ts";
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
  const nonce = Number(row.nonce);
  const message = `${failure.message}; its nonce ${nonce} was handed to a no-op so that later writes go on`;
  const released = await handToNoOp(ctx, row, (tx) =>
    tx.query<OutboxRow>(
      `update outbox_entries set status = 'failed', nonce = null, error_code = $3, error_name = $4, error_args = $5::jsonb,
         error_message = $6, last_error = null, updated_at = now()
       where id = $1 and status in ('sending', 'sent') and nonce = $2 returning *`,
      [Number(row.id), nonce, failure.code, failure.name, JSON.stringify(failure.args), message],
    ),
  );
  if (!released) return;
  ctx.log.warn({ msg: "outbox entry can never be mined; failed and its nonce handed to a no-op", entryId: Number(row.id), purpose: row.purpose, code: failure.code, nonce, noOpEntryId: Number(released.noOp.id) });
  announce(ctx, released.entry);
  await sendNoOp(ctx, released.noOp);
}

/**
 * An entry that reverted on chain still used its nonce; a reorganisation that takes its block away frees that nonce
 * again, and every later write would wait behind the hole. The entry stays failed (what it asked for did not happen)
 * and a no-op takes the nonce, with fees raised enough to replace the reverted bytes in any pool.
 */
export async function releaseReorganisedNonce(ctx: WorkerContext, row: OutboxRow) {
  const nonce = Number(row.nonce);
  const released = await handToNoOp(ctx, row, (tx) =>
    tx.query<OutboxRow>(
      `update outbox_entries set nonce = null, tx_hash = null, block_number = null, block_hash = null, gas_used = null,
         effective_gas_price = null, reorgs = reorgs + 1, updated_at = now(),
         error_message = error_message || $3
       where id = $1 and status = 'failed' and nonce = $2 returning *`,
      [Number(row.id), nonce, `; its block was reorganised out of the chain and its nonce ${nonce} handed to a no-op`],
    ),
  );
  if (!released) return;
  ctx.log.warn({ msg: "reverted outbox entry reorganised out of the chain; its nonce handed to a no-op", entryId: Number(row.id), purpose: row.purpose, nonce, noOpEntryId: Number(released.noOp.id) });
  await sendNoOp(ctx, released.noOp);
}

/**
 * In one transaction: `release` takes the nonce from the entry (null when it was settled or requeued meanwhile),
 * and a no-op entry (status `sending`) gets it, so a crash at any point neither loses the nonce nor frees it twice.
 */
async function handToNoOp(ctx: WorkerContext, row: OutboxRow, release: (tx: Queryable) => Promise<{ rows: OutboxRow[] }>) {
  const { db, client, config, chainId, sender } = ctx;
  const nonce = Number(row.nonce);
  const previous = feesOf(row);
  const suggested = await client.estimateFeesPerGas();
  // The dropped bytes may sit at the fee ceiling: the 21,000-gas no-op may then go one bump step above it.
  const fees =
    bumpFees(previous, suggested, config.bumpPercent, ctx.maxFeePerGas) ?? bumpFees(previous, suggested, config.bumpPercent, NO_FEE_CEILING)!;
  return db.transaction(async (tx) => {
    const { rows } = await release(tx);
    if (!rows[0]) return null;
    const inserted = await tx.query<OutboxRow>(
      `insert into outbox_entries (idempotency_key, purpose, chain_id, sender, to_address, data, value, status, nonce, gas_limit,
         max_fee_per_gas, max_priority_fee_per_gas)
       values ($1, $2, $3, $4, $4, '0x', 0, 'sending', $5, $6, $7, $8)
       returning *`,
      [
        `${RELEASE_NONCE_PURPOSE}:${chainId}:${sender}:${nonce}:${row.id}`, RELEASE_NONCE_PURPOSE, chainId, sender, nonce,
        NO_OP_GAS.toString(), fees.maxFeePerGas.toString(), fees.maxPriorityFeePerGas.toString(),
      ],
    );
    return { entry: rows[0], noOp: inserted.rows[0]! };
  });
}

async function sendNoOp(ctx: WorkerContext, noOp: OutboxRow) {
  const signed = await signEntry(ctx, noOp);
  if (signed) await broadcastEntry(ctx, signed);
}
