import type { Hex } from "viem";
import { classifyBroadcastError } from "../../chain/broadcast-refusal.ts";
import type { OutboxRow } from "../outbox-entry.ts";
import { noteError, shortError } from "./entry-rows.ts";
import { nonceTakenElsewhere } from "./receipts.ts";
import { isReleaseEntry, releaseNonce } from "./release-nonce.ts";
import type { WorkerContext } from "./worker-context.ts";

/**
 * Broadcasts the persisted bytes; a node that already has them (or mined them) counts as sent. Bytes the node
 * refuses for good fail their entry and free its nonce; bytes it finds underpriced wait for a fee bump; anything
 * else is retried on the next pass.
 */
export async function broadcastEntry(ctx: WorkerContext, row: OutboxRow): Promise<void> {
  const { client, db, log } = ctx;
  const id = Number(row.id);
  let lastError: string | null = null;
  try {
    await client.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex });
  } catch (error) {
    const message = shortError(error);
    const outcome = classifyBroadcastError(error);
    if (outcome === "permanent" && !isReleaseEntry(row)) {
      log.warn({ msg: "outbox broadcast refused for good", entryId: id, nonce: Number(row.nonce), error: message });
      await releaseNonce(ctx, row, { code: "OUTBOX_BROADCAST_REFUSED", name: "BroadcastRefused", args: [message], message: `the node refused the signed transaction for good (${message.replace(/\s+/g, " ")})` });
      return;
    }
    if (outcome === "permanent" || outcome === "transient") {
      // A refused no-op is retried, never replaced by another: the entry shows as stuck until someone looks.
      await noteError(ctx, id, message);
      log.warn({ msg: "outbox broadcast failed, will retry", entryId: id, nonce: Number(row.nonce), error: message });
      return;
    }
    if (outcome === "nonce-used" && (await nonceTakenElsewhere(ctx, row))) return;
    // Underpriced: counted as sent, so the fee bump replaces it once bumpAfterMs has passed.
    if (outcome === "underpriced") lastError = message;
  }
  ctx.step("broadcast", id);
  const { rows } = await db.query<OutboxRow>(
    `update outbox_entries set status = 'sent', sent_at = now(), last_error = $2, updated_at = now()
     where id = $1 and status = 'sending' returning *`,
    [id, lastError],
  );
  if (rows[0]) {
    log.info({ msg: "outbox entry sent", entryId: id, purpose: row.purpose, nonce: Number(row.nonce), txHash: row.tx_hash });
    ctx.step("marked-sent", id);
  }
}
