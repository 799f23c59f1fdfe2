import { createHash } from "node:crypto";
import type { AdvisoryLock, Database } from "../db/database.ts";
import type { Chain } from "../chain/chain.ts";
import type { Logger } from "../logger.ts";
import { createChainSource, type ChainSource } from "./chain-source.ts";
import { ALL_TOPICS, decodeLog, type ContractRole, type DecodedLog } from "./events.ts";
import { resetIndex, rewindTo } from "./rewind.ts";
import { insertTokens, writeBatch, type BatchHooks, type DiscoveredToken } from "./write-batch.ts";
import { certificateCollections } from "../artworks/certificate-events.ts";

export interface IndexerOptions {
  db: Database;
  chain: Chain;
  logger: Logger;
  /** Blocks kept back from the chain head; a reorg deeper than this is still detected and rewound. */
  confirmations: number;
  /** Blocks read per batch (one eth_getLogs, one database transaction). */
  batchBlocks: number;
  pollIntervalMs: number;
  hooks?: BatchHooks;
  source?: ChainSource;
}

export type StepResult =
  | { kind: "indexed"; fromBlock: number; toBlock: number; events: number }
  | { kind: "caught-up"; lastBlock: number }
  | { kind: "reorg"; fromBlock: number; forkBlock: number }
  | { kind: "unstable" };

interface Cursor {
  lastBlock: number;
  lastHash: string | null;
}

const sleepFor = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follows every Folio contract from the deployment block: tokens of the deployment file and those the factory issues,
 * the identity registry, and the factory itself. One replica leads (advisory lock); every replica can read the index.
 */
export function createIndexer(options: IndexerOptions) {
  const { db, chain, logger } = options;
  const source = options.source ?? createChainSource(chain);
  const deployment = chain.deployment;
  const chainId = chain.chainId;
  const lower = (a: string | undefined) => a?.toLowerCase();
  const registry = lower(deployment.contracts.IdentityRegistry?.address);
  const factory = lower(deployment.contracts.TokenFactory?.address);
  const distributor = lower(deployment.contracts.Distributor?.address);
  const artworkCollections = certificateCollections(deployment);
  const settlement = lower(deployment.contracts.Settlement?.address);
  let initialized = false;
  // PGlite has no autovacuum: without fresh statistics after a bulk catch-up its planner scans instead of probing.
  let eventsSinceAnalyze = 0;

  /** Identifies the chain and the deployment the index was built from. */
  async function fingerprint(): Promise<string> {
    const genesis = await source.blockHash(0);
    const contracts = Object.entries(deployment.contracts)
      .map(([name, c]) => `${name}=${c.address.toLowerCase()}@${c.block}`)
      .sort();
    const tokens = deployment.tokens.map((t) => t.toLowerCase()).sort();
    return createHash("sha256")
      // The followed events too: an index built before an event was followed lacks its rows and is rebuilt.
      .update(JSON.stringify({ chainId, genesis, deploymentBlock: deployment.deploymentBlock, contracts, tokens, topics: [...ALL_TOPICS].sort() }))
      .digest("hex");
  }

  /** Starts a fresh index when the chain or the deployment changed; registers the deployment's tokens. */
  async function init(): Promise<void> {
    const current = await fingerprint();
    const { rows } = await db.query<{ chain_id: number; fingerprint: string }>(`select chain_id, fingerprint from indexer_cursor`);
    if (rows.length !== 1 || Number(rows[0]!.chain_id) !== chainId || rows[0]!.fingerprint !== current) {
      await db.transaction((tx) => resetIndex(tx, { chainId, fingerprint: current, startBlock: deployment.deploymentBlock }));
      logger.info({ msg: "indexer reset", action: "indexer.reset", chainId, fromBlock: deployment.deploymentBlock, hadIndex: rows.length > 0 });
    }
    const known = new Set((await db.query<{ address: string }>(`select address from indexed_tokens`)).rows.map((r) => r.address));
    const missing = deployment.tokens.map((t) => t.toLowerCase()).filter((t) => !known.has(t));
    const tokens: DiscoveredToken[] = [];
    for (const address of missing) {
      const meta = await source.tokenMetadata(address);
      const entry = Object.values(deployment.contracts).find((c) => c.address.toLowerCase() === address);
      tokens.push({ address, source: "deployment", block: entry?.block ?? deployment.deploymentBlock, owner: null, ...meta });
    }
    await insertTokens(db, tokens);
    initialized = true;
  }

  async function readCursor(): Promise<Cursor> {
    const { rows } = await db.query<{ last_block: string; last_hash: string | null }>(
      `select last_block::text as last_block, last_hash from indexer_cursor where chain_id = $1`, [chainId]);
    if (!rows[0]) throw new Error("indexer cursor missing: init() has not run");
    return { lastBlock: Number(rows[0].last_block), lastHash: rows[0].last_hash };
  }

  /** The newest stored block whose hash the chain still has: everything above it is on a dead branch. */
  async function findForkBlock(cursor: Cursor): Promise<number> {
    const floor = deployment.deploymentBlock - 1;
    const storedAtOrBelow = async (n: number) =>
      (await db.query<{ number: string; hash: string }>(
        `select number::text as number, hash from indexed_blocks where number <= $1 order by indexed_blocks.number desc limit 1`, [n])).rows[0];
    const agrees = async (row: { number: string; hash: string }) => (await source.blockHash(Number(row.number))) === row.hash;

    // Walk down in doubling steps to a block the chain agrees with, then bisect between it and the last disagreeing one.
    let high = cursor.lastBlock;
    let low = floor;
    for (let step = 1; ; step *= 2) {
      const row = await storedAtOrBelow(high - step);
      if (!row) break;
      if (await agrees(row)) {
        low = Number(row.number);
        break;
      }
      high = Number(row.number);
    }
    for (;;) {
      const { rows } = await db.query<{ number: string; hash: string }>(
        `select number::text as number, hash from indexed_blocks where number > $1 and number < $2 order by indexed_blocks.number`, [low, high]);
      if (rows.length === 0) return low;
      const middle = rows[Math.floor(rows.length / 2)]!;
      if (await agrees(middle)) low = Number(middle.number);
      else high = Number(middle.number);
    }
  }

  async function handleReorg(cursor: Cursor): Promise<StepResult> {
    const forkBlock = await findForkBlock(cursor);
    await db.transaction((tx) => rewindTo(tx, chainId, forkBlock));
    logger.warn({ msg: "chain reorganisation rewound", action: "indexer.reorg", chainId, fromBlock: cursor.lastBlock, forkBlock, depth: cursor.lastBlock - forkBlock });
    return { kind: "reorg", fromBlock: cursor.lastBlock, forkBlock };
  }

  async function readLogs(fromBlock: number, toBlock: number) {
    const tokenRows = (await db.query<{ address: string }>(`select address from indexed_tokens`)).rows;
    const roles = new Map<string, ContractRole>(tokenRows.map((r) => [r.address, "token"]));
    if (registry) roles.set(registry, "registry");
    if (factory) roles.set(factory, "factory");
    if (distributor) roles.set(distributor, "distributor");
    for (const collection of artworkCollections) roles.set(collection, "artwork");
    if (settlement) roles.set(settlement, "settlement");
    const decode = (raw: Awaited<ReturnType<ChainSource["logs"]>>) =>
      raw.map((l) => decodeLog(l, roles.get(l.address) ?? "token")).filter((l): l is DecodedLog => l !== null);

    const logs = decode(await source.logs([...roles.keys()], fromBlock, toBlock));
    // Tokens issued in this batch: their own events later in the batch were not asked for yet.
    const issued: DiscoveredToken[] = [];
    for (const l of logs) {
      if (l.kind !== "event" || l.event !== "TokenIssued") continue;
      const address = String(l.args.token);
      if (roles.has(address) || issued.some((t) => t.address === address)) continue;
      const { decimals } = await source.tokenMetadata(address);
      issued.push({ address, source: "factory", block: l.log.blockNumber, name: String(l.args.name), symbol: String(l.args.symbol), decimals, owner: String(l.args.owner) });
    }
    if (issued.length) {
      for (const t of issued) roles.set(t.address, "token");
      const first = Math.min(...issued.map((t) => t.block));
      logs.push(...decode(await source.logs(issued.map((t) => t.address), first, toBlock)));
      logs.sort((a, b) => a.log.blockNumber - b.log.blockNumber || a.log.logIndex - b.log.logIndex);
    }
    return { logs, issued };
  }

  /** One step: detect a reorg at the tip, or index the next batch of blocks up to head − confirmations. */
  async function step(): Promise<StepResult> {
    if (!initialized) await init();
    const head = await source.headNumber();
    const target = head - options.confirmations;
    const cursor = await readCursor();
    if (target <= cursor.lastBlock) {
      if (cursor.lastHash && (await source.blockHash(cursor.lastBlock)) !== cursor.lastHash) return handleReorg(cursor);
      if (eventsSinceAnalyze >= 5000) {
        eventsSinceAnalyze = 0;
        await db.exec(`analyze holder_balances, holder_balance_changes, balance_changes, token_balances, wallet_links, transfers`);
      }
      return { kind: "caught-up", lastBlock: cursor.lastBlock };
    }
    const fromBlock = cursor.lastBlock + 1;
    const toBlock = Math.min(target, fromBlock + options.batchBlocks - 1);
    // Block `toBlock` read before and after the logs, with the tip check in between: when both reads agree the logs,
    // the tip and `toBlock` all belong to one branch of the chain.
    const toHash = await source.blockHash(toBlock);
    if (cursor.lastHash && (await source.blockHash(cursor.lastBlock)) !== cursor.lastHash) return handleReorg(cursor);
    const { logs, issued } = await readLogs(fromBlock, toBlock);
    const toHashAgain = await source.blockHash(toBlock);
    if (!toHash || toHash !== toHashAgain || logs.some((l) => l.log.blockNumber === toBlock && l.log.blockHash !== toHash)) {
      return { kind: "unstable" };
    }
    const result = await db.transaction((tx) =>
      writeBatch(tx, { chainId, fromBlock, toBlock, toHash, logs, tokens: issued }, options.hooks));
    eventsSinceAnalyze += result.events;
    logger.debug({ msg: "indexed batch", action: "indexer.batch", chainId, fromBlock, toBlock, events: result.events });
    return { kind: "indexed", fromBlock, toBlock, events: result.events };
  }

  /** Steps until the index reaches head − confirmations (tests, benchmarks, start-up). Returns the events indexed. */
  async function syncToHead(): Promise<{ events: number; lastBlock: number }> {
    let events = 0;
    for (;;) {
      const result = await step();
      if (result.kind === "indexed") events += result.events;
      if (result.kind === "caught-up") return { events, lastBlock: result.lastBlock };
      if (result.kind === "unstable") await sleepFor(50);
    }
  }

  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lock: AdvisoryLock | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      try {
        if (!lock?.held) {
          lock = await db.tryAdvisoryLock(`folio:indexer:${chainId}`);
          if (!lock) {
            await pause(options.pollIntervalMs);
            continue;
          }
          initialized = false;
          logger.info({ msg: "indexer leading", action: "indexer.lead", chainId });
        }
        const result = await step();
        failures = 0;
        if (result.kind === "caught-up") await pause(options.pollIntervalMs);
      } catch (error) {
        failures += 1;
        logger.error({ msg: "indexer step failed", action: "indexer.error", chainId, failures, err: error });
        await pause(Math.min(options.pollIntervalMs * 2 ** Math.min(failures, 6), 30_000));
      }
    }
    await lock?.release();
    lock = null;
  }

  return {
    init,
    step,
    syncToHead,
    /** Follows the chain in the background while this replica holds the indexer lock. */
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    /** Finishes the step in progress (its transaction commits or rolls back whole), then releases the lock. */
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
    get leading() {
      return Boolean(lock?.held) && !stopped;
    },
  };
}

export type Indexer = ReturnType<typeof createIndexer>;
