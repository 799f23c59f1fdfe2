import type { Queryable } from "../db/database.ts";
import type { InvestorProfile, WalletHolding } from "../../../lib/distributions/entitlements.ts";

/**
 * What `computeEntitlements` takes, read from the chain index at the end of `recordBlock`: every wallet's balance
 * of the token, the investor each wallet was linked to then, and those investors' registry records then. The same
 * state lib/distributions/record-date-history.ts replays from raw events, so the server and the verifier agree exactly.
 */
export async function readRecordHoldings(db: Queryable, token: string, recordBlock: number): Promise<{
  holdings: WalletHolding[];
  investors: Map<string, InvestorProfile>;
}> {
  const balances = await db.query<{ wallet: string; balance: string }>(
    `select wallet, balance from (
       select distinct on (wallet) wallet, balance_after::text as balance, balance_after
       from balance_changes where token = $1 and block_number <= $2
       order by wallet, block_number desc) latest
     where balance_after > 0`,
    [token.toLowerCase(), recordBlock],
  );
  const wallets = balances.rows.map((r) => r.wallet);
  const links = await investorsOfWallets(db, wallets, recordBlock);
  const holdings: WalletHolding[] = balances.rows.map((r) => ({
    wallet: r.wallet,
    investorId: links.get(r.wallet) ?? null,
    balance: BigInt(r.balance),
  }));

  const ids = [...new Set(links.values())];
  const investors = new Map<string, InvestorProfile>();
  if (ids.length) {
    const { rows } = await db.query<{ investor_id: string; country: number; flags: number; removed: boolean }>(
      `select distinct on (investor_id) investor_id, country, flags, removed from investor_records
       where investor_id = any($1::text[]) and block_number <= $2
       order by investor_id, block_number desc, log_index desc`,
      [ids, recordBlock],
    );
    for (const r of rows) if (!r.removed) investors.set(r.investor_id, { country: Number(r.country), flags: Number(r.flags) });
  }
  return { holdings, investors };
}

/** The investor each wallet was linked to at the end of `atBlock` (wallets linked to none are left out). */
export async function investorsOfWallets(db: Queryable, wallets: readonly string[], atBlock: number): Promise<Map<string, string>> {
  if (wallets.length === 0) return new Map();
  const { rows } = await db.query<{ wallet: string; investor_id: string }>(
    `select distinct on (wallet) wallet, investor_id from wallet_links
     where wallet = any($1::text[]) and from_block <= $2 and (to_block is null or to_block > $2)
     order by wallet, from_block desc, log_index desc`,
    [wallets.map((w) => w.toLowerCase()), atBlock],
  );
  return new Map(rows.map((r) => [r.wallet, r.investor_id]));
}

/** Each investor's wallets linked now, oldest link first: the first one is where a pushed claim is paid. */
export async function currentWalletsOf(db: Queryable, investorIds: readonly string[]): Promise<Map<string, string[]>> {
  if (investorIds.length === 0) return new Map();
  const { rows } = await db.query<{ investor_id: string; wallet: string }>(
    `select investor_id, wallet from wallet_links where investor_id = any($1::text[]) and to_block is null
     order by investor_id, from_block, log_index`,
    [investorIds.map((i) => i.toLowerCase())],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.investor_id, [...(out.get(r.investor_id) ?? []), r.wallet]);
  return out;
}
