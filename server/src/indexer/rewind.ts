import type { Queryable } from "../db/database.ts";
import { CERTIFICATE_TABLES, rewindCertificates } from "../artworks/certificate-events.ts";

/** Every table derived from the chain, emptied when the chain or the deployment it came from changes. */
const CHAIN_TABLES = [
  "indexed_blocks", "indexed_tokens", "token_supply_changes", "transfers", "contract_events", "balance_changes",
  "token_balances", "holder_balance_changes", "holder_balances", "wallet_links", "investor_records",
  ...CERTIFICATE_TABLES,
];

/**
 * Deletes everything indexed above `forkBlock` (the newest block the index and the chain agree on) and restores the
 * current-state tables to their values at that block. Runs in the caller's transaction, cursor included.
 */
export async function rewindTo(tx: Queryable, chainId: number, forkBlock: number): Promise<void> {
  // Sub-statements of one statement share a snapshot, so the subqueries below also filter on the block.
  await tx.query(
    `with gone as (delete from balance_changes where block_number > $1 returning token, wallet)
     update token_balances b set balance = coalesce((select c.balance_after from balance_changes c
       where c.token = b.token and c.wallet = b.wallet and c.block_number <= $1 order by c.block_number desc limit 1), 0)
     from (select distinct token, wallet from gone) g where b.token = g.token and b.wallet = g.wallet`,
    [forkBlock],
  );
  await tx.query(
    `with gone as (delete from holder_balance_changes where block_number > $1 returning token, holder_key)
     update holder_balances b set balance = coalesce((select c.balance_after from holder_balance_changes c
       where c.token = b.token and c.holder_key = b.holder_key and c.block_number <= $1 order by c.block_number desc limit 1), 0)
     from (select distinct token, holder_key from gone) g where b.token = g.token and b.holder_key = g.holder_key`,
    [forkBlock],
  );
  await tx.query(`delete from holder_balances where first_block > $1`, [forkBlock]);
  await tx.query(`delete from token_balances b where not exists (select 1 from balance_changes c where c.token = b.token and c.wallet = b.wallet)`);
  await tx.query(`delete from token_supply_changes where block_number > $1`, [forkBlock]);
  await tx.query(`delete from indexed_tokens where source = 'factory' and block_number > $1`, [forkBlock]);
  await tx.query(
    `update indexed_tokens t set total_supply = coalesce((select s.total_supply from token_supply_changes s
       where s.token = t.address order by s.block_number desc limit 1), 0)`,
  );
  await tx.query(`delete from transfers where block_number > $1`, [forkBlock]);
  await tx.query(`delete from contract_events where block_number > $1`, [forkBlock]);
  await tx.query(`delete from wallet_links where from_block > $1`, [forkBlock]);
  await tx.query(`update wallet_links set to_block = null where to_block > $1`, [forkBlock]);
  await tx.query(`delete from investor_records where block_number > $1`, [forkBlock]);
  await rewindCertificates(tx, forkBlock);
  await tx.query(`delete from indexed_blocks where number > $1`, [forkBlock]);
  const { rows } = await tx.query<{ hash: string }>(`select hash from indexed_blocks where number = $1`, [forkBlock]);
  await tx.query(`update indexer_cursor set last_block = $2, last_hash = $3, updated_at = now() where chain_id = $1`, [
    chainId, forkBlock, rows[0]?.hash ?? null,
  ]);
}

/** Forgets the whole index and starts a new cursor for this chain and deployment. */
export async function resetIndex(tx: Queryable, cursor: { chainId: number; fingerprint: string; startBlock: number }): Promise<void> {
  await tx.exec(`truncate ${CHAIN_TABLES.join(", ")}`);
  await tx.query(`delete from indexer_cursor`);
  await tx.query(`insert into indexer_cursor (chain_id, fingerprint, last_block, last_hash) values ($1, $2, $3, null)`, [
    cursor.chainId, cursor.fingerprint, cursor.startBlock - 1,
  ]);
}
