import { getAddress, type Address } from "viem";
import type { Queryable } from "../db/database.ts";
import { checksum } from "./checksum.ts";

/** Reads on the chain index (server/src/indexer): tokens, cap tables at any block, transfers, agents. */

export interface IndexedToken {
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: bigint;
  source: "deployment" | "factory";
  block: number;
  /** The latest indexed block when this row was read (-1 before the first batch): what the token's views are read at. */
  indexedBlock: number;
}

export interface Holder {
  /** Lowercase key: the investor id (bytes32) or, for a wallet linked to no investor, the wallet. */
  key: string;
  investorId: string | null;
  balance: bigint;
  wallets: { address: Address; balance: bigint }[];
}

export interface TransferRow {
  txHash: string;
  logIndex: number;
  blockNumber: number;
  from: Address;
  to: Address;
  amount: bigint;
}

export interface HoldersPage extends HoldersPageKey {
  rows: Holder[];
}

/** The index state a cap-table page depends on, read in the same statement (snapshot) as whatever it goes with. */
export interface IndexState {
  /** Fingerprint of the index (chain, deployment, followed events); null before the indexer's first start. */
  fingerprint: string | null;
  /** "number:hash" of the newest indexed block at or below the page's block; null when there is none. */
  anchor: string | null;
}

/** What a holders page is read from, without its rows (the page cache's lookup key). */
export interface HoldersPageKey {
  /** False when the index does not know the token (the page is then empty). */
  tokenIndexed: boolean;
  /** The latest indexed block, null before the first batch. */
  latestBlock: number | null;
  /** What the page was read from (see holders-cache.ts): index fingerprint and newest indexed block at or below it. */
  state: IndexState;
}

const isInvestorKey = (key: string) => key.length === 66;

export function createTokenIndex(db: Queryable) {
  async function listTokens(): Promise<IndexedToken[]> {
    const { rows } = await db.query<TokenRow>(`${TOKEN_SELECT} order by indexed_tokens.block_number, address`);
    return rows.map(toToken);
  }

  /** Addresses of every token Folio issued that the index knows (deployment and TokenFactory), oldest first. */
  async function tokenAddresses(): Promise<Address[]> {
    const { rows } = await db.query<{ address: string }>("select address from indexed_tokens order by block_number, address");
    return rows.map((r) => getAddress(r.address));
  }

  /** True when `address` is a token Folio issued and the index knows: the only tokens whose roles count. */
  async function isFolioToken(address: string): Promise<boolean> {
    return (await db.query("select 1 from indexed_tokens where address = $1", [address.toLowerCase()])).rows.length === 1;
  }

  async function findToken(address: string): Promise<IndexedToken | null> {
    const { rows } = await db.query<TokenRow>(`${TOKEN_SELECT} where address = $1`, [address.toLowerCase()]);
    return rows[0] ? toToken(rows[0]) : null;
  }

  /**
   * One page of the cap table, per holder in holder-key order, at the latest indexed block (atBlock null) or at the
   * end of block `atBlock`. `limit + 1` rows are returned when a next page exists. One statement answers everything a
   * page needs (whether the token is indexed, the latest indexed block, the holders and their wallets), so the page
   * and the block it is at come from one snapshot and cost one round-trip; a page at a block not indexed yet is empty.
   */
  async function holdersPage(args: { token: string; atBlock: number | null; afterKey: string; limit: number }): Promise<HoldersPage> {
    const token = args.token.toLowerCase();
    const { rows } = args.atBlock === null
      ? await db.query<HoldersPageRow>(HOLDERS_LATEST_SQL, [token, args.afterKey, args.limit + 1])
      : await db.query<HoldersPageRow>(HOLDERS_PAST_SQL, [token, args.afterKey, args.limit + 1, args.atBlock]);
    const row = rows[0]!;
    const page = (typeof row.page === "string" ? JSON.parse(row.page) : row.page) as [string, string, [string, string][] | null][];
    return {
      ...toPageKey(row),
      rows: page.map(([key, amount, linked]) => {
        const balance = BigInt(amount);
        return isInvestorKey(key)
          ? { key, investorId: key, balance, wallets: (linked ?? []).map(([wallet, b]) => ({ address: checksum(wallet), balance: BigInt(b) })) }
          : { key, investorId: null, balance, wallets: [{ address: checksum(key), balance }] };
      }),
    };
  }

  /**
   * What a holders page at `atBlock` (latest when null) would be read from, without reading it: whether the token is
   * indexed, the latest indexed block and the index state. A few primary-key probes; the page cache's lookup key.
   */
  async function holdersPageKey(args: { token: string; atBlock: number | null }): Promise<HoldersPageKey> {
    const { rows } = await db.query<HoldersPageKeyRow>(HOLDERS_PAGE_KEY_SQL, [args.token.toLowerCase(), args.atBlock]);
    return toPageKey(rows[0]!);
  }

  /** Transfers of a token, newest first; `before` is the (block, log index) of the last row of the previous page. */
  async function transfers(args: { token: string; before: { block: number; logIndex: number } | null; limit: number }): Promise<TransferRow[]> {
    const before = args.before ?? { block: Number.MAX_SAFE_INTEGER, logIndex: 0 };
    const { rows } = await db.query<{ tx_hash: string; log_index: number; block_number: string; from_address: string; to_address: string; amount: string }>(
      `select tx_hash, log_index, block_number::text as block_number, from_address, to_address, amount::text as amount
       from transfers where token = $1 and (block_number, log_index) < ($2, $3)
       order by transfers.block_number desc, transfers.log_index desc limit $4`,
      [args.token.toLowerCase(), before.block, before.logIndex, args.limit + 1]);
    return rows.map((r) => ({
      txHash: r.tx_hash,
      logIndex: Number(r.log_index),
      blockNumber: Number(r.block_number),
      from: getAddress(r.from_address),
      to: getAddress(r.to_address),
      amount: BigInt(r.amount),
    }));
  }

  /** Current agents from the token's own events: the latest AgentPermissionsSet (or AgentAdded/Removed) per agent. */
  async function agents(token: string): Promise<{ address: Address; permissions: number | null }[]> {
    const { rows } = await db.query<{ event: string; args: Record<string, unknown> }>(
      `select event, args from contract_events where contract = $1 and event in ('AgentPermissionsSet', 'AgentAdded', 'AgentRemoved')
       order by block_number, log_index`, [token.toLowerCase()]);
    const current = new Map<string, number | null>();
    for (const r of rows) {
      const args = typeof r.args === "string" ? JSON.parse(r.args) : r.args;
      const agent = String(args.agent ?? args._agent);
      if (r.event === "AgentRemoved" || (r.event === "AgentPermissionsSet" && Number(args.permissions) === 0)) current.delete(agent);
      else current.set(agent, r.event === "AgentPermissionsSet" ? Number(args.permissions) : current.get(agent) ?? null);
    }
    return [...current].map(([address, permissions]) => ({ address: getAddress(address), permissions }));
  }

  /** The investor a wallet belonged to at the end of `atBlock` (latest when null), from the registry's events. */
  async function investorOfWallet(wallet: string, atBlock: number | null): Promise<string | null> {
    const { rows } = await db.query<{ investor_id: string }>(
      `select investor_id from wallet_links where wallet = $1 and from_block <= $2 and (to_block is null or to_block > $2)
       order by from_block desc limit 1`,
      [wallet.toLowerCase(), atBlock ?? Number.MAX_SAFE_INTEGER]);
    return rows[0]?.investor_id ?? null;
  }

  return { listTokens, tokenAddresses, isFolioToken, findToken, holdersPage, holdersPageKey, transfers, agents, investorOfWallet };
}

export type TokenIndex = ReturnType<typeof createTokenIndex>;

interface TokenRow {
  address: string;
  name: string;
  symbol: string;
  decimals: number;
  total_supply: string;
  source: "deployment" | "factory";
  block_number: string;
  indexed_block: string | null;
}

const LATEST_BLOCK = `(select last_block from indexer_cursor limit 1)`;

// Name and symbol as the token's latest indexed ERC-3643 UpdatedTokenInformation set them (setName, setSymbol),
// else as discovered; a rewind that drops the event brings the earlier name back by itself.
const TOKEN_SELECT = `select address, coalesce(u.args->>'_newName', indexed_tokens.name) as name,
  coalesce(u.args->>'_newSymbol', indexed_tokens.symbol) as symbol, decimals, total_supply::text as total_supply, source,
  block_number::text as block_number, ${LATEST_BLOCK}::text as indexed_block
  from indexed_tokens left join lateral (select e.args from contract_events e
    where e.contract = indexed_tokens.address and e.event = 'UpdatedTokenInformation'
    order by e.block_number desc, e.log_index desc limit 1) u on true`;

const toToken = (r: TokenRow): IndexedToken => ({
  address: getAddress(r.address),
  name: r.name,
  symbol: r.symbol,
  decimals: Number(r.decimals),
  totalSupply: BigInt(r.total_supply),
  source: r.source,
  block: Number(r.block_number),
  indexedBlock: r.indexed_block === null ? -1 : Number(r.indexed_block),
});

interface HoldersPageKeyRow {
  token_indexed: boolean;
  latest_block: string | null;
  fingerprint: string | null;
  anchor: string | null;
}

interface HoldersPageRow extends HoldersPageKeyRow {
  page: unknown;
}

const toPageKey = (row: HoldersPageKeyRow): HoldersPageKey => ({
  tokenIndexed: row.token_indexed,
  latestBlock: row.latest_block === null ? null : Number(row.latest_block),
  state: { fingerprint: row.fingerprint, anchor: row.anchor },
});

// The columns of HoldersPageKeyRow for a page at block `block` (SQL expression) of token $1: whether the token is
// indexed, the latest indexed block, the fingerprint and the newest indexed block at or below `block`.
const pageKeyColumns = (block: string) => `
  exists (select 1 from indexed_tokens where address = $1) as token_indexed,
  ${LATEST_BLOCK}::text as latest_block,
  (select fingerprint from indexer_cursor limit 1) as fingerprint,
  (select b.number::text || ':' || b.hash from indexed_blocks b where b.number <= ${block}
    order by b.number desc limit 1) as anchor`;

// $1 token, $2 block (null: the latest indexed block).
const HOLDERS_PAGE_KEY_SQL = `select${pageKeyColumns(`coalesce($2::bigint, ${LATEST_BLOCK})`)}`;

// Each page row is [holder key, balance, [[wallet, balance], ...] for an investor (null for an unlinked wallet)],
// amounts as text (numeric(78) does not fit a JSON number). Parameters: $1 token, $2 after key, $3 limit (+ 1),
// $4 block (past pages only). Wallets and holders with a zero balance are left out.
const holdersPageHead = (block: string) => `select${pageKeyColumns(block)},
  coalesce((select json_agg(json_build_array(p.holder_key, p.balance, p.wallets) order by p.holder_key) from (`;

const HOLDERS_LATEST_SQL = `${holdersPageHead(LATEST_BLOCK)}
    select h.holder_key, h.balance::text as balance,
      case when length(h.holder_key) = 66 then (
        select json_agg(json_build_array(l.wallet, b.balance::text) order by l.wallet)
        from wallet_links l join token_balances b on b.token = $1 and b.wallet = l.wallet
        where l.investor_id = h.holder_key and l.to_block is null and b.balance > 0) end as wallets
    from holder_balances h
    where h.token = $1 and h.holder_key > $2 and h.balance > 0
    order by h.holder_key limit $3) p), '[]') as page`;

const HOLDERS_PAST_SQL = `${holdersPageHead("$4")}
    select h.holder_key, c.balance_after::text as balance,
      case when length(h.holder_key) = 66 then (
        select json_agg(json_build_array(l.wallet, w.balance_after::text) order by l.wallet)
        from wallet_links l
        cross join lateral (
          select balance_after from balance_changes w
          where w.token = $1 and w.wallet = l.wallet and w.block_number <= $4
          order by w.block_number desc limit 1) w
        where l.investor_id = h.holder_key and l.from_block <= $4 and (l.to_block is null or l.to_block > $4)
          and w.balance_after > 0) end as wallets
    from holder_balances h
    cross join lateral (
      select balance_after from holder_balance_changes c
      where c.token = h.token and c.holder_key = h.holder_key and c.block_number <= $4
      order by c.block_number desc limit 1) c
    where h.token = $1 and h.holder_key > $2 and h.first_block <= $4 and c.balance_after > 0
      and $4 <= (select last_block from indexer_cursor limit 1)
    order by h.holder_key limit $3) p), '[]') as page`;

/** The statements behind a holders page (for EXPLAIN in the benchmark). */
export const HOLDERS_PAGE_SQL = { latest: HOLDERS_LATEST_SQL, past: HOLDERS_PAST_SQL } as const;
