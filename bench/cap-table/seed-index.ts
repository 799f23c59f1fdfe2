import { keccak256, toHex, type Address } from "viem";
import type { Queryable } from "../../server/src/db/database.ts";

export interface SeededInvestor {
  investorId: string;
  wallets: string[];
  country: number;
  balance: bigint;
}

/** Countries of the seeded investors, in turn: Germany, France, the United States, Japan. */
export const SEED_COUNTRIES = [276, 250, 840, 392] as const;

/**
 * Writes `count` investors holding `token` straight into the chain index at block `block`, as the indexer would
 * after reading their registrations and mints in that block: registry records, wallet links, wallet and investor
 * balances (histories and current rows) and the supply. Investors are numbered from `from` (0 by default), so several
 * calls write distinct investors. Every 1,000th investor has a second wallet; investor 0 holds
 * the most. Much faster than minting to 10,000 registered investors, and the cap table reads only these tables.
 */
export async function seedInvestors(db: Queryable, args: { token: Address; block: number; count: number; from?: number }): Promise<SeededInvestor[]> {
  const token = args.token.toLowerCase();
  const investors: SeededInvestor[] = Array.from({ length: args.count }, (_, n) => {
    const i = (args.from ?? 0) + n;
    const investorId = keccak256(toHex(`folio-cap-table-investor-${i}`));
    const wallet = (n: number) => `0x${keccak256(toHex(`folio-cap-table-wallet-${i}-${n}`)).slice(26)}`;
    return {
      investorId,
      wallets: i % 1000 === 999 ? [wallet(0), wallet(1)] : [wallet(0)],
      country: SEED_COUNTRIES[i % SEED_COUNTRIES.length]!,
      balance: i === 0 ? 5_000_000n * 10n ** 18n : BigInt(1 + ((i * 7919) % 100_000)) * 10n ** 15n,
    };
  });
  const walletRows = investors.flatMap((inv) => inv.wallets.map((w, n) => ({
    wallet: w, investorId: inv.investorId,
    // A second wallet holds a third of the investor's balance.
    balance: inv.wallets.length === 1 ? inv.balance : n === 0 ? inv.balance - inv.balance / 3n : inv.balance / 3n,
  })));
  const tx = (i: number) => keccak256(toHex(`folio-cap-table-seed-${args.block}-${i}`));
  const seeded = investors.reduce((sum, inv) => sum + inv.balance, 0n);

  await db.query(
    `insert into investor_records (tx_hash, log_index, block_number, investor_id, country, valid_until, flags, status)
     select t, 0, $1, i, c, 4102444800, 1, 0 from unnest($2::text[], $3::text[], $4::int[]) as u(t, i, c)`,
    [args.block, investors.map((_, i) => tx(i)), investors.map((v) => v.investorId), investors.map((v) => v.country)]);
  await db.query(
    `insert into wallet_links (tx_hash, log_index, wallet, investor_id, from_block)
     select t, 1, w, i, $1 from unnest($2::text[], $3::text[], $4::text[]) as u(t, w, i)`,
    [args.block, walletRows.map((_, i) => tx(args.count + i)), walletRows.map((w) => w.wallet), walletRows.map((w) => w.investorId)]);
  const wallets = [walletRows.map((w) => w.wallet), walletRows.map((w) => w.balance.toString())];
  await db.query(
    `insert into balance_changes (token, wallet, block_number, delta, balance_after)
     select $1, w, $2, b::numeric, b::numeric from unnest($3::text[], $4::text[]) as u(w, b)`, [token, args.block, ...wallets]);
  await db.query(`insert into token_balances (token, wallet, balance) select $1, w, b::numeric from unnest($2::text[], $3::text[]) as u(w, b)`, [token, ...wallets]);
  const holders = [investors.map((v) => v.investorId), investors.map((v) => v.balance.toString())];
  await db.query(
    `insert into holder_balance_changes (token, holder_key, block_number, delta, balance_after)
     select $1, k, $2, b::numeric, b::numeric from unnest($3::text[], $4::text[]) as u(k, b)`, [token, args.block, ...holders]);
  await db.query(
    `insert into holder_balances (token, holder_key, balance, first_block)
     select $1, k, b::numeric, $2 from unnest($3::text[], $4::text[]) as u(k, b)`, [token, args.block, ...holders]);
  // The supply grows by the seeded balances from this block on.
  await db.query(
    `insert into token_supply_changes (token, block_number, total_supply)
     values ($1, $2, coalesce((select total_supply from token_supply_changes where token = $1 and block_number <= $2
       order by block_number desc limit 1), 0) + $3::numeric)
     on conflict (token, block_number) do update set total_supply = token_supply_changes.total_supply + $3::numeric`,
    [token, args.block, seeded.toString()]);
  await db.query(`update indexed_tokens set total_supply = total_supply + $2::numeric where address = $1`, [token, seeded.toString()]);
  return investors;
}
