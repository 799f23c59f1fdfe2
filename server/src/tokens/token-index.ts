import { getAddress, type Address } from "viem";
import type { Queryable } from "../db/database.ts";

/** Reads on the chain index (server/src/indexer): tokens, cap tables at any block, transfers, agents. */

export interface IndexedToken {
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: bigint;
  source: "deployment" | "factory";
  block: number;
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

export interface IndexCursor {
  chainId: number;
  lastBlock: number;
}

const isInvestorKey = (key: string) => key.length === 66;

export function createTokenIndex(db: Queryable) {
  async function listTokens(): Promise<IndexedToken[]> {
    const { rows } = await db.query<TokenRow>(`${TOKEN_SELECT} order by indexed_tokens.block_number, address`);
    return rows.map(toToken);
  }

  async function findToken(address: string): Promise<IndexedToken | null> {
    const { rows } = await db.query<TokenRow>(`${TOKEN_SELECT} where address = $1`, [address.toLowerCase()]);
    return rows[0] ? toToken(rows[0]) : null;
  }

  async function cursor(): Promise<IndexCursor | null> {
    const { rows } = await db.query<{ chain_id: number; last_block: string }>(
      `select chain_id, last_block::text as last_block from indexer_cursor limit 1`);
    return rows[0] ? { chainId: Number(rows[0].chain_id), lastBlock: Number(rows[0].last_block) } : null;
  }

  /**
   * One page of the cap table, per holder in holder-key order, at the latest indexed block (atBlock null) or at the
   * end of block `atBlock`. `limit + 1` rows are returned when a next page exists.
   */
  async function holders(args: { token: string; atBlock: number | null; afterKey: string; limit: number }): Promise<Holder[]> {
    const token = args.token.toLowerCase();
    const page = args.atBlock === null
      ? await db.query<{ holder_key: string; balance: string }>(
        `select holder_key, balance::text as balance from holder_balances
         where token = $1 and holder_key > $2 and balance > 0 order by holder_key limit $3`,
        [token, args.afterKey, args.limit + 1])
      : await db.query<{ holder_key: string; balance: string }>(
        `select h.holder_key, c.balance_after::text as balance
         from holder_balances h
         cross join lateral (
           select balance_after from holder_balance_changes c
           where c.token = h.token and c.holder_key = h.holder_key and c.block_number <= $2
           order by c.block_number desc limit 1) c
         where h.token = $1 and h.holder_key > $3 and h.first_block <= $2 and c.balance_after > 0
         order by h.holder_key limit $4`,
        [token, args.atBlock, args.afterKey, args.limit + 1]);
    const investorIds = page.rows.map((r) => r.holder_key).filter(isInvestorKey);
    const wallets = new Map<string, { address: Address; balance: bigint }[]>();
    if (investorIds.length) {
      const linked = args.atBlock === null
        ? await db.query<{ investor_id: string; wallet: string; balance: string }>(
          `select l.investor_id, l.wallet, b.balance::text as balance
           from wallet_links l join token_balances b on b.token = $1 and b.wallet = l.wallet
           where l.investor_id = any($2::text[]) and l.to_block is null and b.balance > 0
           order by l.investor_id, l.wallet`,
          [token, investorIds])
        : await db.query<{ investor_id: string; wallet: string; balance: string }>(
          `select l.investor_id, l.wallet, c.balance_after::text as balance
           from wallet_links l
           cross join lateral (
             select balance_after from balance_changes c
             where c.token = $1 and c.wallet = l.wallet and c.block_number <= $2
             order by c.block_number desc limit 1) c
           where l.investor_id = any($3::text[]) and l.from_block <= $2 and (l.to_block is null or l.to_block > $2)
             and c.balance_after > 0
           order by l.investor_id, l.wallet`,
          [token, args.atBlock, investorIds]);
      for (const r of linked.rows) {
        const list = wallets.get(r.investor_id) ?? [];
        list.push({ address: getAddress(r.wallet), balance: BigInt(r.balance) });
        wallets.set(r.investor_id, list);
      }
    }
    return page.rows.map((r) => {
      const balance = BigInt(r.balance);
      return isInvestorKey(r.holder_key)
        ? { key: r.holder_key, investorId: r.holder_key, balance, wallets: wallets.get(r.holder_key) ?? [] }
        : { key: r.holder_key, investorId: null, balance, wallets: [{ address: getAddress(r.holder_key), balance }] };
    });
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

  return { listTokens, findToken, cursor, holders, transfers, agents, investorOfWallet };
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
}

const TOKEN_SELECT = `select address, name, symbol, decimals, total_supply::text as total_supply, source, block_number::text as block_number from indexed_tokens`;

const toToken = (r: TokenRow): IndexedToken => ({
  address: getAddress(r.address),
  name: r.name,
  symbol: r.symbol,
  decimals: Number(r.decimals),
  totalSupply: BigInt(r.total_supply),
  source: r.source,
  block: Number(r.block_number),
});
