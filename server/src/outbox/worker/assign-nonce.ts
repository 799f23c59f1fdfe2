import type { OutboxRow } from "../outbox-entry.ts";
import type { PreparedEntry } from "./simulate-entry.ts";
import type { WorkerContext } from "./worker-context.ts";

/** Takes the next nonce from the persisted counter (re-synced when the chain is ahead) in one transaction. */
export async function assignNonce(ctx: WorkerContext, row: OutboxRow, prepared: PreparedEntry): Promise<OutboxRow> {
  const { client, db, chainId, sender, log } = ctx;
  const chainNonce = await client.getTransactionCount({ address: sender, blockTag: "pending" });
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into outbox_nonces (chain_id, sender, next_nonce) values ($1, $2, $3) on conflict (chain_id, sender) do nothing`,
      [chainId, sender, chainNonce],
    );
    const counter = await tx.query<{ next_nonce: string }>(
      `select next_nonce from outbox_nonces where chain_id = $1 and sender = $2 for update`,
      [chainId, sender],
    );
    const stored = Number(counter.rows[0]!.next_nonce);
    // Ahead only if the key was used outside the outbox; behind is normal while our own sends are not yet pooled.
    const nonce = Math.max(stored, chainNonce);
    if (nonce !== stored) log.warn({ msg: "outbox nonce re-synced from the chain", stored, chain: chainNonce });
    await tx.query(`update outbox_nonces set next_nonce = $3, updated_at = now() where chain_id = $1 and sender = $2`, [chainId, sender, nonce + 1]);
    const { rows } = await tx.query<OutboxRow>(
      `update outbox_entries set status = 'sending', nonce = $2, gas_limit = $3, max_fee_per_gas = $4,
         max_priority_fee_per_gas = $5, last_error = null, updated_at = now()
       where id = $1 and status = 'pending' returning *`,
      [row.id, nonce, prepared.gas.toString(), prepared.fees.maxFeePerGas.toString(), prepared.fees.maxPriorityFeePerGas.toString()],
    );
    if (!rows[0]) throw new Error(`outbox entry ${row.id} left pending while a nonce was assigned`);
    return rows[0];
  });
}
