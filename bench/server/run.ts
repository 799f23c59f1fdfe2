// `npm run bench:server`: seeds a token with 10,000 investors and 100,000 transfers on a fresh local chain, measures the
// indexer's catch-up from a fresh database, then the GraphQL API under 32 concurrent keep-alive connections on loopback.
// On PostgreSQL the server under test runs in its own processes (server/src/main.ts), once as one process and once as
// FOLIO_WORKERS=2, so the load generator never shares its thread; on PGlite (an embedded, one-process database) it runs
// in the benchmark's process, the load generator in a worker thread. Every server is measured twice: with the holders
// page cache off (cold: every page reads the database) and on (warm: FOLIO_HOLDERS_CACHE_PAGES, after a warm-up).
// Holders requests walk the whole cap table: random 100-row pages, at the latest block and at the past block, from
// the cursors a client paging with `first: 100` is given. Prints a table and writes bench/results/server.json. FOLIO_BENCH_TRANSFERS / FOLIO_BENCH_INVESTORS / FOLIO_BENCH_SECONDS shrink a trial run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Server } from "node:http";
import { createApp } from "../../server/src/app.ts";
import { connectChain } from "../../server/src/chain/chain.ts";
import { loadConfig } from "../../server/src/config/config.ts";
import { openDatabase, type Database } from "../../server/src/db/database.ts";
import { migrate } from "../../server/src/db/migrate.ts";
import { encodeCursor } from "../../server/src/graphql/connection.ts";
import { createIndexer } from "../../server/src/indexer/indexer.ts";
import { createLogger } from "../../server/src/logger.ts";
import { createTokenIndex, HOLDERS_PAGE_SQL } from "../../server/src/tokens/token-index.ts";
import { ensureLocalDeployment } from "../../scripts/lib/ensure-deployed.ts";
import { startLocalChain } from "../../scripts/lib/local-chain.ts";
import { findPostgresBin, startThrowawayPostgres } from "../../scripts/lib/throwaway-postgres.ts";
import { runLoad, type LoadResult } from "./load.ts";
import { seedChain } from "./seed.ts";
import { startServerProcess } from "./server-process.ts";

const INVESTORS = Number(process.env.FOLIO_BENCH_INVESTORS ?? 10_000);
const TRANSFERS = Number(process.env.FOLIO_BENCH_TRANSFERS ?? 100_000);
const SECONDS = Number(process.env.FOLIO_BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const PAGE_SIZE = 100;
/** Pages the warm runs keep per server process: every page of both cap tables fits. */
const CACHE_PAGES = 2000;
const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => console.log(`  ${line}`);

interface Measured extends LoadResult {
  /** Server CPU time per answered request (all its processes), when /proc tells it. */
  serverCpuMs: number | null;
  /** 1-minute load average of the machine when the measurement started. */
  loadAverage: number;
}

type CacheMode = "off" | "warm";

interface ServerRun {
  /** Where the server under test ran: "in-process", "1 process" or "2 processes". */
  server: string;
  /** Holders page cache: off (FOLIO_HOLDERS_CACHE_PAGES=0) or on and warmed up before measuring. */
  cache: CacheMode;
  holdersLatest: Measured;
  holdersPast: Measured;
  token: Measured;
}

interface DatabaseRun {
  database: "pglite" | "postgres";
  indexer: { events: number; seconds: number; eventsPerSec: number };
  servers: ServerRun[];
  pastBlockPlan?: string;
  /** Distinct 100-row pages the holders requests pick from, at the latest and at the past block. */
  pages: { latest: number; past: number };
  /** The past block of the holdersPast queries (mid-history). */
  pastBlock: number;
}

const chain = await startLocalChain();
const deploymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-bench-deployments-"));
const pg = findPostgresBin() ? await startThrowawayPostgres(findPostgresBin()!) : undefined;
try {
  console.log("Folio server benchmark");
  const { deployment } = await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, deploymentsDir });
  const token = deployment.tokens[0]!;
  log(`seeding ${INVESTORS} investors and ${TRANSFERS} transfers of ${token}`);
  const seed = await seedChain({ rpcUrl: chain.rpcUrl, token, registry: deployment.contracts.IdentityRegistry?.address, investors: INVESTORS, transfers: TRANSFERS, log });
  log(`seeded in ${seed.seconds.toFixed(1)} s (${Math.round(seed.transfers / seed.seconds)} transfers/s); half the transfers by block ${seed.middleBlock}`);

  const runs: DatabaseRun[] = [];
  const targets: { name: "pglite" | "postgres"; open: () => Promise<Database>; url?: string }[] = [
    { name: "pglite", open: () => openDatabase({ memory: true }) },
  ];
  if (pg) {
    targets.push({
      name: "postgres",
      async open() {
        const admin = await openDatabase({ url: pg.url });
        await admin.query("create database folio_bench");
        await admin.close();
        return openDatabase({ url: pg.url.replace(/\/postgres$/, "/folio_bench") });
      },
      url: pg.url.replace(/\/postgres$/, "/folio_bench"),
    });
  }
  for (const target of targets) runs.push(await measure(target.name, await target.open(), target.url));

  // The headline figures: PostgreSQL with two server processes (a production deployment runs replicas behind a load
  // balancer) and the holders cache on, as deployed by default; the same server with the cache off is under "cold";
  // every other combination is printed and kept in the JSON under "runs".
  const postgresRun = runs.find((r) => r.database === "postgres");
  const primaryRun = postgresRun ?? runs[0]!;
  const lastServer = primaryRun.servers.at(-1)!.server;
  const primary = primaryRun.servers.find((s) => s.server === lastServer && s.cache === "warm")!;
  const cold = primaryRun.servers.find((s) => s.server === lastServer && s.cache === "off")!;
  const row = (name: string, r: Measured) =>
    `${name.padEnd(28)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)} ${String(r.rps).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.serverCpuMs ?? "-").padStart(10)} ${r.loadAverage.toFixed(2).padStart(6)}`;
  console.log("");
  for (const r of runs) {
    console.log(`${r.database}: indexer ${r.indexer.events} events in ${r.indexer.seconds.toFixed(1)} s = ${r.indexer.eventsPerSec} events/s (target >= 2000)`);
    for (const s of r.servers) {
      console.log(`${`${r.database}, ${s.server}, cache ${s.cache}`.padEnd(28)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"req/s".padStart(8)} ${"errors".padStart(7)} ${"cpu ms/req".padStart(10)} ${"load".padStart(6)}`);
      console.log(row("holders, latest, 100 rows", s.holdersLatest));
      console.log(row("holders, past block, 100", s.holdersPast));
      console.log(row("token(address)", s.token));
    }
    console.log("");
  }
  console.log(`targets: holders p95 <= 50 ms, token >= 500 req/s, indexer >= 2000 events/s (${os.cpus().length} cores; "load" is the 1-minute load average at the start)`);
  const warmCache = `holders page cache on (${CACHE_PAGES} pages per process), warmed up: the figures of repeat reads of pages already read`;
  const coldCache = "holders page cache off (FOLIO_HOLDERS_CACHE_PAGES=0): every request reads the database";
  const result = {
    holdersLatest: { ...pick(primary.holdersLatest), cache: "warm" },
    holdersPast: { ...pick(primary.holdersPast), cache: "warm" },
    token: { ...pick(primary.token), cache: "none (token(address) does not use the holders cache)" },
    indexerEventsPerSec: primaryRun.indexer.eventsPerSec,
    database: primaryRun.database,
    server: primary.server,
    cache: `headline holdersLatest/holdersPast: ${warmCache}; "cold" has the same server with the cache off`,
    cold: {
      cache: coldCache,
      holdersLatest: { ...pick(cold.holdersLatest), cache: "off" },
      holdersPast: { ...pick(cold.holdersPast), cache: "off" },
      token: { ...pick(cold.token), cache: "off" },
    },
    holdersRequests: `${PAGE_SIZE}-row pages picked at random from every page of the cap table (${primaryRun.pages.latest} at the latest block, ${primaryRun.pages.past} at block ${primaryRun.pastBlock}), with the cursors a client paging from the first page is given`,
    seed: { investors: INVESTORS, transfers: seed.transfers, seconds: Math.round(seed.seconds * 10) / 10, pastBlock: primaryRun.pastBlock },
    connections: CONNECTIONS,
    secondsPerQuery: SECONDS,
    cores: os.cpus().length,
    runs: runs.map((r) => ({
      database: r.database,
      indexerEventsPerSec: r.indexer.eventsPerSec,
      servers: r.servers.map((s) => ({ server: s.server, cache: s.cache, holdersLatest: detail(s.holdersLatest), holdersPast: detail(s.holdersPast), token: detail(s.token) })),
    })),
  };
  fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench/results/server.json"), JSON.stringify(result, null, 2) + "\n");
  if (primaryRun.pastBlockPlan) console.log(`\nPostgreSQL plan of the past-block holders page:\n${primaryRun.pastBlockPlan}`);
  console.log("\nwrote bench/results/server.json");
} finally {
  await chain.stop();
  pg?.stop();
  fs.rmSync(deploymentsDir, { recursive: true, force: true });
}

function pick(r: LoadResult) {
  return { p50Ms: r.p50Ms, p95Ms: r.p95Ms, rps: r.rps };
}

function detail(r: Measured) {
  return { ...pick(r), errors: r.errors, serverCpuMsPerRequest: r.serverCpuMs, loadAverage: Math.round(r.loadAverage * 100) / 100 };
}

async function measure(database: "pglite" | "postgres", db: Database, databaseUrl?: string): Promise<DatabaseRun> {
  const env = {
    NODE_ENV: "development", LOG_LEVEL: "silent", FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: deploymentsDir,
    FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0",
  };
  const config = loadConfig(env);
  await migrate(db);
  const chainClient = await connectChain(config);
  const logger = createLogger("silent");
  const indexer = createIndexer({ db, chain: chainClient, logger, confirmations: 0, batchBlocks: 20, pollIntervalMs: 1000 });
  console.log(`\n[${database}] indexing from a fresh database`);
  const started = performance.now();
  const { events } = await indexer.syncToHead();
  const seconds = (performance.now() - started) / 1000;
  log(`${events} events in ${seconds.toFixed(1)} s`);

  const token = chainClient.deployment.tokens[0]!;
  const pastBlock = Number((await db.query<{ b: string }>(`select (min(block_number) + max(block_number)) / 2 as b from transfers`)).rows[0]!.b);
  const { rows } = await db.query<{ holder_key: string }>(
    `select holder_key from holder_balances where token = $1 and balance > 0 order by holder_key`, [token.toLowerCase()]);
  const keys = rows.map((r) => r.holder_key);
  // Every full page of the cap table at a block, as the `after` a client walking it from the first page sends (null
  // for the first page), read from the index directly so no server cache sees them.
  async function pageCursors(atBlock: number | null): Promise<(string | null)[]> {
    const index = createTokenIndex(db);
    const cursors: (string | null)[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await index.holdersPage({ token, atBlock, afterKey: after ?? "", limit: PAGE_SIZE });
      if (page.rows.length < PAGE_SIZE) return cursors;
      cursors.push(after === null ? null : encodeCursor(after));
      if (page.rows.length === PAGE_SIZE) return cursors;
      after = page.rows[PAGE_SIZE - 1]!.key;
    }
  }
  const cursors = { latest: await pageCursors(null), past: await pageCursors(pastBlock) };
  log(`${cursors.latest.length} pages of ${PAGE_SIZE} holders at the latest block, ${cursors.past.length} at block ${pastBlock}`);
  const holdersQuery = `query($token: Address!, $atBlock: Int, $after: String) { holders(token: $token, atBlock: $atBlock, first: ${PAGE_SIZE}, after: $after) {
    atBlock edges { node { investorId balance wallets { address balance } } } pageInfo { hasNextPage endCursor } } }`;
  // 2,000 requests per query, each for a page picked at random among every page of the cap table at that block.
  const holderBodies = (atBlock: number | null) => {
    const pool = atBlock === null ? cursors.latest : cursors.past;
    return Array.from({ length: 2000 }, () =>
      JSON.stringify({ query: holdersQuery, variables: { token, atBlock, after: pool[Math.floor(Math.random() * pool.length)]! } }));
  };
  const tokenQuery = `query($a: Address!) { token(address: $a) { address name symbol decimals totalSupply owner paused rules { maxInvestors maxBalance } } }`;

  async function measureServer(server: string, cache: CacheMode, url: string, cpuSeconds: () => number | null): Promise<ServerRun> {
    const load = async (bodies: string[], mustContain: string): Promise<Measured> => {
      const loadAverage = os.loadavg()[0]!;
      const cpuBefore = cpuSeconds();
      const result = await runLoad({ url, bodies, mustContain, connections: CONNECTIONS, seconds: SECONDS });
      const cpuAfter = cpuSeconds();
      const serverCpuMs = cpuBefore === null || cpuAfter === null || !result.requests ? null
        : Math.round(((cpuAfter - cpuBefore) * 1000 / result.requests) * 100) / 100;
      return { ...result, serverCpuMs, loadAverage };
    };
    console.log(`[${database}] server ${server}, holders cache ${cache}`);
    // Warm-up (JIT, connection pools, PostgreSQL's buffers; with the cache on, every page of both cap tables).
    await runLoad({ url, bodies: warmUpBodies, mustContain: "endCursor", connections: CONNECTIONS, seconds: Math.min(SECONDS, 5) });
    log("holders at the latest block");
    const holdersLatest = await load(holderBodies(null), "endCursor");
    log(`holders at block ${pastBlock}`);
    const holdersPast = await load(holderBodies(pastBlock), "endCursor");
    log("token(address)");
    const tokenResult = await load([JSON.stringify({ query: tokenQuery, variables: { a: token } })], token);
    return { server, cache, holdersLatest, holdersPast, token: tokenResult };
  }

  // Every page once, then a random mix of both blocks.
  const warmUpBodies = [
    ...[...cursors.latest.map((after) => [null, after] as const), ...cursors.past.map((after) => [pastBlock, after] as const)]
      .map(([atBlock, after]) => JSON.stringify({ query: holdersQuery, variables: { token, atBlock, after } })),
    ...holderBodies(null), ...holderBodies(pastBlock),
  ];
  const cacheEnv = (cache: CacheMode) => ({ FOLIO_HOLDERS_CACHE_PAGES: cache === "off" ? "0" : String(CACHE_PAGES) });
  const servers: ServerRun[] = [];
  let pastBlockPlan: string | undefined;
  try {
    if (databaseUrl) {
      const plan = await db.query<{ "QUERY PLAN": string }>(`explain analyze ${HOLDERS_PAGE_SQL.past}`,
        [token.toLowerCase(), keys[Math.floor(keys.length / 2)], 101, pastBlock]);
      pastBlockPlan = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
      // The server as deployed: its own processes, one and then two (node:cluster) sharing the port.
      for (const [workers, cache] of [[1, "off"], [2, "off"], [1, "warm"], [2, "warm"]] as const) {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-bench-server-"));
        const server = await startServerProcess({ env: { ...env, ...cacheEnv(cache), DATABASE_URL: databaseUrl }, workers, dataDir });
        try {
          servers.push(await measureServer(workers === 1 ? "1 process" : `${workers} processes`, cache, server.url, server.cpuSeconds));
        } finally {
          await server.stop();
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      }
    } else {
      // An embedded database lives in one process: the server runs here, the load generator in a worker thread.
      for (const cache of ["off", "warm"] as const) {
        const { app } = createApp({ config: loadConfig({ ...env, ...cacheEnv(cache) }), logger, db, chain: chainClient });
        const server: Server = await new Promise((resolve) => {
          const s = app.listen(0, "127.0.0.1", () => resolve(s));
        });
        try {
          const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
          servers.push(await measureServer("in-process", cache, url, () => null));
        } finally {
          server.closeAllConnections();
          await new Promise<void>((r) => server.close(() => r()));
        }
      }
    }
    return {
      database, indexer: { events, seconds, eventsPerSec: Math.round(events / seconds) }, servers, pastBlockPlan,
      pages: { latest: cursors.latest.length, past: cursors.past.length }, pastBlock,
    };
  } finally {
    await db.close();
  }
}
