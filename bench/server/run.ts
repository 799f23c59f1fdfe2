// `npm run bench:server`: seeds a token with 10,000 investors and 100,000 transfers on a fresh local chain, measures the
// indexer's catch-up from a fresh database, then the GraphQL API under 32 concurrent keep-alive connections on loopback.
// Prints a table and writes bench/results/server.json. FOLIO_BENCH_TRANSFERS / FOLIO_BENCH_INVESTORS shrink a trial run.
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
import { ensureLocalDeployment } from "../../scripts/lib/ensure-deployed.ts";
import { startLocalChain } from "../../scripts/lib/local-chain.ts";
import { findPostgresBin, startThrowawayPostgres } from "../../scripts/lib/throwaway-postgres.ts";
import { runLoad, type LoadResult } from "./load.ts";
import { seedChain } from "./seed.ts";

const INVESTORS = Number(process.env.FOLIO_BENCH_INVESTORS ?? 10_000);
const TRANSFERS = Number(process.env.FOLIO_BENCH_TRANSFERS ?? 100_000);
const SECONDS = Number(process.env.FOLIO_BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => console.log(`  ${line}`);

interface DatabaseRun {
  database: "pglite" | "postgres";
  indexer: { events: number; seconds: number; eventsPerSec: number };
  holdersLatest: LoadResult;
  holdersPast: LoadResult;
  token: LoadResult;
  pastBlockPlan?: string;
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
  log(`seeded in ${seed.seconds.toFixed(1)} s (${Math.round(seed.transfers / seed.seconds)} transfers/s); record date for past-block queries: block ${seed.middleBlock}`);

  const config = loadConfig({
    NODE_ENV: "development", LOG_LEVEL: "silent", FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: deploymentsDir,
    FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0", PORT: "0",
  });
  const runs: DatabaseRun[] = [];
  const targets: { name: "pglite" | "postgres"; open: () => Promise<Database> }[] = [
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
    });
  }
  for (const target of targets) runs.push(await measure(target.name, await target.open()));

  const primary = runs.find((r) => r.database === "postgres") ?? runs[0]!;
  const row = (name: string, r: LoadResult) => `${name.padEnd(28)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)} ${String(r.rps).padStart(8)} ${String(r.errors).padStart(7)}`;
  console.log("");
  for (const r of runs) {
    console.log(`${r.database}: indexer ${r.indexer.events} events in ${r.indexer.seconds.toFixed(1)} s = ${r.indexer.eventsPerSec} events/s (target >= 2000)`);
    console.log(`${"query (32 connections)".padEnd(28)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"req/s".padStart(8)} ${"errors".padStart(7)}`);
    console.log(row("holders, latest, 100 rows", r.holdersLatest));
    console.log(row("holders, past block, 100", r.holdersPast));
    console.log(row("token(address)", r.token));
    console.log("");
  }
  console.log("targets: holders p95 <= 50 ms, token >= 500 req/s, indexer >= 2000 events/s");
  const result = {
    holdersLatest: pick(primary.holdersLatest),
    holdersPast: pick(primary.holdersPast),
    token: pick(primary.token),
    indexerEventsPerSec: primary.indexer.eventsPerSec,
    database: primary.database,
    seed: { investors: INVESTORS, transfers: seed.transfers, seconds: Math.round(seed.seconds * 10) / 10, pastBlock: seed.middleBlock },
    connections: CONNECTIONS,
    secondsPerQuery: SECONDS,
    byDatabase: Object.fromEntries(runs.map((r) => [r.database, {
      holdersLatest: pick(r.holdersLatest), holdersPast: pick(r.holdersPast), token: pick(r.token), indexerEventsPerSec: r.indexer.eventsPerSec,
    }])),
  };
  fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench/results/server.json"), JSON.stringify(result, null, 2) + "\n");
  if (primary.pastBlockPlan) console.log(`\nPostgreSQL plan of the past-block holders page:\n${primary.pastBlockPlan}`);
  console.log("\nwrote bench/results/server.json");
} finally {
  await chain.stop();
  pg?.stop();
  fs.rmSync(deploymentsDir, { recursive: true, force: true });
}

function pick(r: LoadResult) {
  return { p50Ms: r.p50Ms, p95Ms: r.p95Ms, rps: r.rps };
}

async function measure(database: "pglite" | "postgres", db: Database): Promise<DatabaseRun> {
  const config = loadConfig({
    NODE_ENV: "development", LOG_LEVEL: "silent", FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: deploymentsDir,
    FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0",
  });
  await migrate(db);
  const chainClient = await connectChain(config);
  const logger = createLogger("silent");
  const indexer = createIndexer({ db, chain: chainClient, logger, confirmations: 0, batchBlocks: 20, pollIntervalMs: 1000 });
  console.log(`\n[${database}] indexing from a fresh database`);
  const started = performance.now();
  const { events } = await indexer.syncToHead();
  const seconds = (performance.now() - started) / 1000;
  log(`${events} events in ${seconds.toFixed(1)} s`);

  const { app } = createApp({ config, logger, db, chain: chainClient });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  try {
    const token = chainClient.deployment.tokens[0]!;
    const { rows } = await db.query<{ holder_key: string }>(
      `select holder_key from holder_balances where token = $1 and balance > 0 order by holder_key`, [token.toLowerCase()]);
    const keys = rows.map((r) => r.holder_key);
    const pastBlock = Number((await db.query<{ b: string }>(`select (min(block_number) + max(block_number)) / 2 as b from transfers`)).rows[0]!.b);
    const randomAfter = () => (Math.random() < 0.1 ? null : encodeCursor(keys[Math.floor(Math.random() * Math.max(1, keys.length - 100))]!));
    const holdersQuery = `query($token: Address!, $atBlock: Int, $after: String) { holders(token: $token, atBlock: $atBlock, first: 100, after: $after) {
      atBlock edges { node { investorId balance wallets { address balance } } } pageInfo { hasNextPage endCursor } } }`;
    // 1,000 random pages per query; a page counts only when it has its 100th row (its cursor is in the body).
    const holderBodies = (atBlock: number | null) =>
      Array.from({ length: 1000 }, () => JSON.stringify({ query: holdersQuery, variables: { token, atBlock, after: randomAfter() } }));
    const load = (bodies: string[], mustContain: string) => runLoad({ url, bodies, mustContain, connections: CONNECTIONS, seconds: SECONDS });

    await load(holderBodies(null), "endCursor"); // warm-up
    log("holders at the latest block");
    const holdersLatest = await load(holderBodies(null), "endCursor");
    log(`holders at block ${pastBlock}`);
    const holdersPast = await load(holderBodies(pastBlock), "endCursor");
    log("token(address)");
    const tokenQuery = `query($a: Address!) { token(address: $a) { address name symbol decimals totalSupply owner paused rules { maxInvestors maxBalance } } }`;
    const tokenResult = await load([JSON.stringify({ query: tokenQuery, variables: { a: token } })], token);

    let pastBlockPlan: string | undefined;
    if (database === "postgres") {
      const plan = await db.query<{ "QUERY PLAN": string }>(
        `explain analyze select h.holder_key, c.balance_after from holder_balances h
         cross join lateral (select balance_after from holder_balance_changes c where c.token = h.token and c.holder_key = h.holder_key
           and c.block_number <= $2 order by c.block_number desc limit 1) c
         where h.token = $1 and h.holder_key > $3 and h.first_block <= $2 and c.balance_after > 0 order by h.holder_key limit 101`,
        [token.toLowerCase(), pastBlock, keys[Math.floor(keys.length / 2)]]);
      pastBlockPlan = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    }
    return { database, indexer: { events, seconds, eventsPerSec: Math.round(events / seconds) }, holdersLatest, holdersPast, token: tokenResult, pastBlockPlan };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await db.close();
  }
}
