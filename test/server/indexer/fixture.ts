import { createPublicClient, createWalletClient, erc20Abi, http, keccak256, parseAbi, toHex, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { connectChain, type Chain } from "../../../server/src/chain/chain.ts";
import type { Queryable } from "../../../server/src/db/database.ts";
import { createIndexer, type IndexerOptions } from "../../../server/src/indexer/indexer.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { DEV_MNEMONIC } from "../../../scripts/lib/local-chain.ts";
import type { TestPlatform } from "../../support/platform.ts";

/** Dev accounts #0..#4: the issuer and the demo investors of a local deployment. */
export const DEV = Array.from({ length: 5 }, (_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }).address);

/** Chain helpers for indexer tests: transfers of the demo token, snapshots, raw JSON-RPC. */
export async function indexerFixture(platform: TestPlatform) {
  const chain: Chain = await connectChain(platform.config);
  const transport = http(platform.chain.rpcUrl, { batch: false });
  const client = createPublicClient({ transport, pollingInterval: 20 });
  const token = chain.deployment.tokens[0]!;
  // A security token only moves between verified investors: register dev accounts #1..#4 when the deployment's
  // registry does not know them yet (the deployer, #0, is its KYC agent on local chains).
  const registry = chain.deployment.contracts.IdentityRegistry?.address;
  if (registry) {
    const registryAbi = parseAbi([
      "function investorOf(address wallet) view returns (bytes32)",
      "function registerInvestor(bytes32 investorId, address wallet, uint16 country, uint64 kycValidUntil, uint8 flags)",
    ]);
    const agent = createWalletClient({ account: DEV[0]!, transport });
    for (const [i, wallet] of DEV.entries()) {
      if (BigInt(await client.readContract({ address: registry, abi: registryAbi, functionName: "investorOf", args: [wallet] })) !== 0n) continue;
      const hash = await agent.writeContract({
        address: registry, abi: registryAbi, functionName: "registerInvestor", chain: null,
        args: [keccak256(toHex(`folio-test-investor-${i}`)), wallet, 250, 4_102_444_800n, 1],
      });
      if ((await client.waitForTransactionReceipt({ hash })).status !== "success") throw new Error(`registering dev account #${i} reverted`);
    }
  }
  const rpc = <T = unknown>(method: string, params: unknown[] = []) => client.request({ method: method as never, params: params as never }) as Promise<T>;

  async function transfer(fromIndex: number, toIndex: number, amount: bigint): Promise<{ hash: Hex; block: number }> {
    const wallet = createWalletClient({ account: DEV[fromIndex]!, transport });
    const hash = await wallet.writeContract({ address: token, abi: erc20Abi, functionName: "transfer", args: [DEV[toIndex]!, amount], chain: null });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transfer ${fromIndex}->${toIndex} reverted`);
    return { hash, block: Number(receipt.blockNumber) };
  }

  /** A reproducible mix of transfers among the dev accounts: returns the block after each. */
  async function transferMix(count: number, seed: number): Promise<{ hash: Hex; block: number }[]> {
    const done = [];
    for (let i = 0; i < count; i++) {
      const from = i % 3 === 0 ? 0 : (seed + i) % 5;
      const to = (from + 1 + ((seed * 7 + i * 3) % 4)) % 5;
      const balance = await balanceOf(DEV[from]!);
      if (balance === 0n) continue;
      done.push(await transfer(from, to, balance / BigInt(3 + ((seed + i) % 5))));
    }
    return done;
  }

  const balanceOf = (wallet: Address, blockNumber?: number) =>
    client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [wallet], ...(blockNumber === undefined ? {} : { blockNumber: BigInt(blockNumber) }) });
  const totalSupply = () => client.readContract({ address: token, abi: erc20Abi, functionName: "totalSupply" });

  /** Transfer logs of the token on the chain now, as "txhash:logIndex" keys. */
  async function chainTransferKeys(): Promise<string[]> {
    const logs = await client.getLogs({ address: token, event: erc20Abi.find((e) => e.type === "event" && e.name === "Transfer")!, fromBlock: 0n, toBlock: "latest" });
    return logs.map((l) => `${l.transactionHash.toLowerCase()}:${l.logIndex}`).sort();
  }

  async function indexedTransferKeys(db: Queryable = platform.db): Promise<string[]> {
    const { rows } = await db.query<{ k: string }>(`select tx_hash || ':' || log_index as k from transfers where token = $1 order by 1`, [token.toLowerCase()]);
    return rows.map((r) => r.k).sort();
  }

  async function indexedBalances(db: Queryable = platform.db): Promise<Map<string, bigint>> {
    const { rows } = await db.query<{ wallet: string; balance: string }>(
      `select wallet, balance::text as balance from token_balances where token = $1`, [token.toLowerCase()]);
    return new Map(rows.map((r) => [r.wallet, BigInt(r.balance)]));
  }

  /** Every holder page of the cap table through GraphQL, `first` rows at a time. */
  async function allHolders(atBlock: number | null, first = 2) {
    const holders: { investorId: string | null; balance: string; wallets: { address: string; balance: string }[] }[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await platform.gql(
        `query($token: Address!, $atBlock: Int, $first: Int, $after: String) {
          holders(token: $token, atBlock: $atBlock, first: $first, after: $after) {
            atBlock edges { cursor node { investorId balance wallets { address balance } } } pageInfo { hasNextPage endCursor } } }`,
        { token, atBlock, first, after });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      holders.push(...result.data.holders.edges.map((e: any) => e.node));
      if (!result.data.holders.pageInfo.hasNextPage) return { holders, atBlock: result.data.holders.atBlock as number };
      after = result.data.holders.pageInfo.endCursor;
    }
  }

  function newIndexer(overrides: Partial<IndexerOptions> = {}) {
    return createIndexer({ db: platform.db, chain, logger: createLogger("silent"), confirmations: 0, batchBlocks: 4, pollIntervalMs: 50, ...overrides });
  }

  /** Every wallet's indexed balance equals balanceOf on the chain, and the indexed supply equals totalSupply. */
  async function expectIndexMatchesChain(db: Queryable = platform.db) {
    const indexed = await indexedBalances(db);
    const wallets = new Set([...indexed.keys(), ...DEV.map((a) => a.toLowerCase())]);
    const mismatches: string[] = [];
    for (const wallet of wallets) {
      const onChain = await balanceOf(wallet as Address);
      if ((indexed.get(wallet) ?? 0n) !== onChain) mismatches.push(`${wallet}: index ${indexed.get(wallet) ?? 0n}, chain ${onChain}`);
    }
    const { rows } = await db.query<{ total_supply: string }>(`select total_supply::text as total_supply from indexed_tokens where address = $1`, [token.toLowerCase()]);
    const supply = await totalSupply();
    if (BigInt(rows[0]!.total_supply) !== supply) mismatches.push(`supply: index ${rows[0]!.total_supply}, chain ${supply}`);
    if (mismatches.length) throw new Error(`index differs from chain:\n${mismatches.join("\n")}`);
    const [a, b] = [await chainTransferKeys(), await indexedTransferKeys(db)];
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`transfers differ: chain ${a.length}, index ${b.length}`);
  }

  return { expectIndexMatchesChain, chain, client, token, rpc, transfer, transferMix, balanceOf, totalSupply, chainTransferKeys, indexedTransferKeys, indexedBalances, allHolders, newIndexer };
}

export type IndexerFixture = Awaited<ReturnType<typeof indexerFixture>>;
