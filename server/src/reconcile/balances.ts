import { erc20Abi, parseAbi, type Address, type Hex } from "viem";
import { logKey, logsOf, lower, readEach, readMany } from "./chain-reads.ts";
import { isLinked } from "./registry-state.ts";
import { areaReport, contractAddress, type AreaReport, type ReconcileContext } from "./types.ts";

const ZERO = "0x0000000000000000000000000000000000000000";
const transferEvent = parseAbi(["event Transfer(address indexed from, address indexed to, uint256 value)"]);
const investorOfAbi = parseAbi(["function investorOf(address wallet) view returns (bytes32)"]);

type Area = ReturnType<typeof areaReport>;

/**
 * Balances and holders: for every indexed token, at the index's last block (every chain read pinned to it), the
 * indexed transfers are the chain's Transfer logs, each wallet's indexed balance is balanceOf, the indexed supply is
 * totalSupply, and the holders (wallets grouped by the investor they are linked to) have the same count and balances.
 */
export async function reconcileBalances(ctx: ReconcileContext): Promise<AreaReport> {
  const block = ctx.indexedBlock;
  const a = areaReport("balances and holders", block);
  if (block === null) {
    a.differ("index.missing", "indexer_cursor", "the database holds no chain index (the server has never indexed this chain)");
    return a.done();
  }
  await checkTip(ctx, a, block);
  const { rows: tokens } = await ctx.db.query<{ address: string; block_number: string; total_supply: string; symbol: string }>(
    `select lower(address) as address, block_number::text as block_number, total_supply::text as total_supply, symbol from indexed_tokens order by address`,
  );
  for (const token of tokens) await reconcileToken(ctx, a, token, block);
  return a.done();
}

/** The index's last block must still be on the chain: otherwise everything compared below is a dead branch. */
async function checkTip(ctx: ReconcileContext, a: Area, block: bigint) {
  const { rows } = await ctx.db.query<{ last_hash: string | null }>(`select last_hash from indexer_cursor where chain_id = $1`, [ctx.chainId]);
  const onChain = (await ctx.client.getBlock({ blockNumber: block })).hash;
  a.check();
  if (rows[0]?.last_hash && lower(rows[0].last_hash) !== lower(onChain)) {
    a.differ("index.reorganised", `block ${block}`, `the index's last block has hash ${rows[0].last_hash}, the chain ${onChain}`);
  }
}

async function reconcileToken(ctx: ReconcileContext, a: Area, token: { address: string; block_number: string; total_supply: string; symbol: string }, block: bigint) {
  const address = token.address as Address;
  const name = `${token.symbol} ${address}`;
  const fromBlock = BigInt(token.block_number);
  const [logs, transfers, balances, holders] = await Promise.all([
    fromBlock <= block ? logsOf(ctx, address, transferEvent, fromBlock, block) : Promise.resolve([]),
    ctx.db.query<{ k: string; amount: string }>(`select lower(tx_hash) || ':' || log_index as k, amount::text as amount from transfers where token = $1 and block_number <= $2`, [address, block.toString()]),
    ctx.db.query<{ wallet: string; balance: string }>(`select lower(wallet) as wallet, balance::text as balance from token_balances where token = $1`, [address]),
    ctx.db.query<{ holder_key: string; balance: string }>(`select lower(holder_key) as holder_key, balance::text as balance from holder_balances where token = $1 and balance <> 0`, [address]),
  ]);

  // Transfers: the same logs on both sides, with the same amounts.
  const indexed = new Map(transfers.rows.map((r) => [r.k, BigInt(r.amount)]));
  const wallets = new Set(balances.rows.map((r) => r.wallet));
  for (const log of logs) {
    a.check();
    const k = logKey(log);
    const value = log.args.value as bigint;
    for (const w of [lower(log.args.from), lower(log.args.to)]) if (w !== ZERO) wallets.add(w);
    if (!indexed.has(k)) a.differ("transfer.not-indexed", name, `Transfer ${k} of ${value} at block ${log.blockNumber} is on chain, not in the index`);
    else if (indexed.get(k) !== value) a.differ("transfer.amount", name, `Transfer ${k}: index ${indexed.get(k)}, chain ${value}`);
    indexed.delete(k);
  }
  for (const k of indexed.keys()) a.differ("transfer.not-on-chain", name, `Transfer ${k} is in the index, not on chain up to block ${block}`);

  // Balances, supply and holders, read at the indexed block.
  const list = [...wallets] as Address[];
  const [onChain, [supply]] = await Promise.all([
    readEach<Address, bigint>(ctx, list, (w) => ({ address, abi: erc20Abi, functionName: "balanceOf", args: [w] }), block),
    readMany<bigint>(ctx, [{ address, abi: erc20Abi, functionName: "totalSupply" }], block),
  ]);
  const indexedBalance = new Map(balances.rows.map((r) => [r.wallet, BigInt(r.balance)]));
  list.forEach((w, i) => {
    a.check();
    const mine = indexedBalance.get(w) ?? 0n;
    if (mine !== onChain[i]) a.differ("balance", name, `wallet ${w} at block ${block}: index ${mine}, balanceOf ${onChain[i]}`);
  });
  a.check();
  if (BigInt(token.total_supply) !== supply) a.differ("total-supply", name, `at block ${block}: index ${token.total_supply}, totalSupply ${supply}`);
  await compareHolders(ctx, a, name, list, onChain!, holders.rows, block);
}

/** Holders as the index keys them: the investor a wallet is linked to at the block, else the wallet itself. */
async function compareHolders(ctx: ReconcileContext, a: Area, name: string, wallets: Address[], balances: bigint[], indexed: { holder_key: string; balance: string }[], block: bigint) {
  const registry = contractAddress(ctx, "IdentityRegistry");
  const held = wallets.flatMap((w, i) => (balances[i] !== 0n ? [{ wallet: w, balance: balances[i]! }] : []));
  const owners = registry
    ? await readEach<{ wallet: Address }, Hex>(ctx, held, (h) => ({ address: registry.address, abi: investorOfAbi, functionName: "investorOf", args: [h.wallet] }), block)
    : held.map(() => undefined);
  const chainHolders = new Map<string, bigint>();
  held.forEach((h, i) => {
    const owner = owners[i] ? lower(owners[i]) : undefined;
    const key = isLinked(owner) ? owner! : lower(h.wallet);
    chainHolders.set(key, (chainHolders.get(key) ?? 0n) + h.balance);
  });
  a.check();
  if (chainHolders.size !== indexed.length) a.differ("holder-count", name, `at block ${block}: index ${indexed.length} holders, chain ${chainHolders.size}`);
  for (const r of indexed) {
    a.check();
    const chainBalance = chainHolders.get(r.holder_key) ?? 0n;
    if (chainBalance !== BigInt(r.balance)) a.differ("holder-balance", name, `holder ${r.holder_key} at block ${block}: index ${r.balance}, chain ${chainBalance}`);
    chainHolders.delete(r.holder_key);
  }
  for (const [key, balance] of chainHolders) a.differ("holder-missing", name, `holder ${key} holds ${balance} on chain at block ${block}, not in the index`);
}
