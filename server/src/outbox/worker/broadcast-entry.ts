import type { Hex } from "viem";
import type { OutboxRow } from "../outbox-entry.ts";
import { noteError, shortError } from "./entry-rows.ts";
import { nonceTakenElsewhere } from "./receipts.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Broadcasts the persisted bytes; a node that already has them (or mined them) counts as sent. */
export async function broadcastEntry(ctx: WorkerContext, row: OutboxRow): Promise<void> {
  const { client, db, log } = ctx;
  const id = Number(row.id);
  try {
    await client.sendRawTransaction({ serializedTransaction: row.raw_tx as Hex });
  } catch (error) {
    const message = shortError(error);
    if (!/already known|already imported|known transaction|nonce too low|nonce has already been used/i.test(message)) {
      await noteError(ctx, id, message);
      log.warn({ msg: "outbox broadcast failed, will retry", entryId: id, nonce: Number(row.nonce), error: message });
      return;
    }
    if (/nonce/i.test(message) && (await nonceTakenElsewhere(ctx, row))) return;
  }
  ctx.step("broadcast", id);
  const { rows } = await db.query<OutboxRow>(
    `update outbox_entries set status = 'sent', sent_at = now(), last_error = null, updated_at = now()
     where id = $1 and status = 'sending' returning *`,
    [id],
  );
  if (rows[0]) {
    log.info({ msg: "outbox entry sent", entryId: id, purpose: row.purpose, nonce: Number(row.nonce), txHash: row.tx_hash });
    ctx.step("marked-sent", id);
  }
}
