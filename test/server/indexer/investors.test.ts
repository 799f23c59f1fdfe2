import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createWalletClient, erc20Abi, http, keccak256, parseAbi, toHex, type Abi, type Address, type Hex } from "viem";
import { createApp } from "../../../server/src/app.ts";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { loadConfig } from "../../../server/src/config/config.ts";
import type { Database } from "../../../server/src/db/database.ts";
import { createIndexer } from "../../../server/src/indexer/indexer.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { DEV, indexerFixture, type IndexerFixture } from "./fixture.ts";

const registryAbi = parseAbi([
  "function addAgent(address agent)",
  "function registerInvestor(bytes32 investorId, address wallet, uint16 country, uint64 kycValidUntil, uint8 flags)",
  "function addWallet(bytes32 investorId, address wallet)",
  "function removeWallet(address wallet)",
  "function investorOf(address wallet) view returns (bytes32)",
]);
const ZERO_ID = `0x${"0".repeat(64)}`;

describeEachDatabase("cap table per investor", (kind) => {
  let platform: TestPlatform;
  let f: IndexerFixture;
  let db: Database;
  let registry: Address;
  let app: ReturnType<typeof createApp>;
  let indexer: ReturnType<typeof createIndexer>;
  const blocks: number[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    f = await indexerFixture(platform);
    // An identity registry of our own, added to a copy of the deployment file, so the test controls its investors.
    const artifact = readArtifact("IdentityRegistry");
    const wallet = createWalletClient({ account: DEV[0]!, transport: http(platform.chain.rpcUrl) });
    const hash = await wallet.deployContract({ abi: artifact.abi as Abi, bytecode: artifact.bytecode as Hex, args: [DEV[0]!], chain: null });
    const receipt = await f.client.waitForTransactionReceipt({ hash });
    registry = receipt.contractAddress!;
    const deploymentFile = path.join(platform.deploymentsDir, "31337.json");
    const deployment = JSON.parse(fs.readFileSync(deploymentFile, "utf8"));
    deployment.contracts.IdentityRegistry = { address: registry, block: Number(receipt.blockNumber) };
    const dir = fs.mkdtempSync(path.join(path.dirname(platform.deploymentsDir), "folio-investors-"));
    fs.writeFileSync(path.join(dir, "31337.json"), JSON.stringify(deployment));
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent",
      FOLIO_RPC_URL: platform.chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: dir, FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0" });
    const chain = await connectChain(config);
    db = await kind.open();
    app = createApp({ config, logger: createLogger("silent"), db, chain });
    indexer = createIndexer({ db, chain, logger: createLogger("silent"), confirmations: 0, batchBlocks: 2, pollIntervalMs: 50 });

    const write = async (functionName: string, args: readonly unknown[]) => {
      const tx = await wallet.writeContract({ address: registry, abi: registryAbi, functionName: functionName as never, args: args as never, chain: null });
      const r = await f.client.waitForTransactionReceipt({ hash: tx });
      if (r.status !== "success") throw new Error(`${functionName} reverted`);
      blocks.push(Number(r.blockNumber));
    };
    const move = async (from: number, to: number, amount: bigint) => blocks.push((await f.transfer(from, to, amount)).block);
    const [A, B] = [keccak256(toHex("investor A")), keccak256(toHex("investor B"))];
    const unit = 10n ** 18n;
    await write("addAgent", [DEV[0]!]);
    await write("registerInvestor", [A, DEV[1]!, 250, 4_102_444_800n, 1]);
    await write("registerInvestor", [B, DEV[2]!, 276, 4_102_444_800n, 0]);
    await move(0, 1, 100n * unit);
    await move(0, 2, 50n * unit);
    await move(0, 3, 10n * unit);
    await write("addWallet", [A, DEV[4]!]); // A now holds through two wallets
    await move(1, 4, 30n * unit); // moves between A's own wallets: A's total stays
    await write("removeWallet", [DEV[2]!]); // B's balance leaves B with the wallet
    await move(2, 3, 5n * unit); // between two wallets of no investor
    await write("addWallet", [B, DEV[2]!]); // back to B, with its balance
    await write("addWallet", [B, DEV[3]!]); // B gains a wallet that already holds tokens
  });
  afterAll(async () => {
    await db?.close();
    await platform?.close();
  });

  async function holdersAt(atBlock: number | null) {
    const all: { investorId: string | null; balance: string; wallets: { address: string; balance: string }[] }[] = [];
    let after: string | null = null;
    for (;;) {
      const response = await app.yoga.fetch("http://folio.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `query($t: Address!, $b: Int, $a: String) { holders(token: $t, atBlock: $b, first: 3, after: $a) {
            edges { node { investorId balance wallets { address balance } } } pageInfo { hasNextPage endCursor } } }`,
          variables: { t: f.token, b: atBlock, a: after },
        }),
      });
      const body: any = await response.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      all.push(...body.data.holders.edges.map((e: any) => e.node));
      if (!body.data.holders.pageInfo.hasNextPage) return all;
      after = body.data.holders.pageInfo.endCursor;
    }
  }

  /** The cap table at `block` computed from the chain alone: balanceOf and the registry's investorOf at that block. */
  async function capTableFromChain(block: number) {
    const groups = new Map<string, bigint>();
    for (const wallet of DEV) {
      const balance = await f.client.readContract({ address: f.token, abi: erc20Abi, functionName: "balanceOf", args: [wallet], blockNumber: BigInt(block) });
      if (balance === 0n) continue;
      const id = await f.client.readContract({ address: registry, abi: registryAbi, functionName: "investorOf", args: [wallet], blockNumber: BigInt(block) });
      const key = id === ZERO_ID ? wallet.toLowerCase() : id;
      groups.set(key, (groups.get(key) ?? 0n) + balance);
    }
    return groups;
  }

  it("aggregates each wallet's balance into the investor that owned it, at every block of the history", async () => {
    await indexer.syncToHead();
    for (const block of blocks) {
      const holders = await holdersAt(block);
      const indexed = new Map(holders.map((h) => [h.investorId ?? h.wallets[0]!.address.toLowerCase(), BigInt(h.balance)]));
      expect(indexed, `cap table at block ${block}`).toEqual(await capTableFromChain(block));
      for (const h of holders) expect(h.wallets.reduce((s, w) => s + BigInt(w.balance), 0n)).toBe(BigInt(h.balance));
    }
    const latest = await holdersAt(null);
    expect(new Map(latest.map((h) => [h.investorId ?? h.wallets[0]!.address.toLowerCase(), BigInt(h.balance)]))).toEqual(
      await capTableFromChain(Number(await f.client.getBlockNumber())));
  });

  it("knows the investor of a wallet at a past block and records the registry's investor fields", async () => {
    await indexer.syncToHead();
    const { rows } = await db.query<{ wallet: string; investor_id: string; from_block: string; to_block: string | null }>(
      `select wallet, investor_id, from_block::text as from_block, to_block::text as to_block from wallet_links where wallet = $1 order by wallet_links.from_block`,
      [DEV[2]!.toLowerCase()]);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.to_block).not.toBeNull();
    expect(rows[1]!.to_block).toBeNull();
    const service = app.services.tokens;
    const during = Number(rows[0]!.to_block);
    expect(await service.investorOfWallet(DEV[2]!, during)).toBeNull();
    expect(await service.investorOfWallet(DEV[2]!, during - 1)).toBe(rows[0]!.investor_id);
    const records = await db.query<{ country: number; flags: number; status: number }>(
      `select country, flags, status from investor_records where investor_id = $1`, [keccak256(toHex("investor A"))]);
    expect(records.rows).toEqual([{ country: 250, flags: 1, status: 1 }]);
  });

  it("rewinds investor links and aggregates on a reorganisation", async () => {
    const snapshot = await f.rpc<string>("evm_snapshot");
    const before = await holdersAt(null);
    const wallet = createWalletClient({ account: DEV[0]!, transport: http(platform.chain.rpcUrl) });
    const tx = await wallet.writeContract({ address: registry, abi: registryAbi, functionName: "removeWallet", args: [DEV[4]!], chain: null });
    await f.client.waitForTransactionReceipt({ hash: tx });
    await indexer.syncToHead();
    expect(await holdersAt(null)).not.toEqual(before);
    await f.rpc("evm_revert", [snapshot]);
    await f.rpc("anvil_mine", ["0x3"]);
    await indexer.syncToHead();
    expect(await holdersAt(null)).toEqual(before);
    expect(await app.services.tokens.investorOfWallet(DEV[4]!, null)).toBe(keccak256(toHex("investor A")));
  });
});
