// `npm run bench:cap-table`: the cap table's CSV export (GET /tokens/:address/cap-table.csv) with 10,000 investors
// written into the chain index, on PGlite and (when installed) PostgreSQL. The server runs in this process, built as
// in the tests; a client reads the response over loopback. Measured per run: time to the first byte and to the last,
// rows per second, and the process's peak memory above its level before the request (RSS and JS heap, sampled every
// 5 ms), once at the latest block and once at a past block. Prints a table and writes bench/results/cap-table.json.
// FOLIO_BENCH_INVESTORS changes the number of investors; FOLIO_BENCH_RUNS the runs per case (the median is kept).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Server } from "node:http";
import { bytesToHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { createApp } from "../../server/src/app.ts";
import { connectChain } from "../../server/src/chain/chain.ts";
import { loadConfig } from "../../server/src/config/config.ts";
import { openDatabase, type Database } from "../../server/src/db/database.ts";
import { migrate } from "../../server/src/db/migrate.ts";
import { createLogger } from "../../server/src/logger.ts";
import { ensureLocalDeployment } from "../../scripts/lib/ensure-deployed.ts";
import { DEV_MNEMONIC, LOCAL_CHAIN_ID, startLocalChain } from "../../scripts/lib/local-chain.ts";
import { findPostgresBin, startThrowawayPostgres } from "../../scripts/lib/throwaway-postgres.ts";
import { seedInvestors } from "./seed-index.ts";

const INVESTORS = Number(process.env.FOLIO_BENCH_INVESTORS ?? 10_000);
const RUNS = Number(process.env.FOLIO_BENCH_RUNS ?? 3);
const ROOT = path.resolve(import.meta.dirname, "../..");

interface Measured {
  database: "pglite" | "postgres";
  block: "latest" | "past";
  rows: number;
  bytes: number;
  firstByteMs: number;
  totalMs: number;
  rowsPerSec: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function exportOnce(url: string, headers: Record<string, string>) {
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 5);
  const started = performance.now();
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  const reader = response.body!.getReader();
  let firstByteMs = 0;
  let bytes = 0;
  let newlines = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += value.length;
    for (const byte of value) if (byte === 10) newlines++;
  }
  const totalMs = performance.now() - started;
  clearInterval(sampler);
  return { rows: newlines - 1, bytes, firstByteMs, totalMs, peakRss: peakRss - base.rss, peakHeap: peakHeap - base.heapUsed };
}

/** A local chain with Folio deployed, the app on a fresh database, and dev account #0 (the token's owner) signed in. */
async function startPlatform(db: Database) {
  const chain = await startLocalChain();
  const deploymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-bench-deployments-"));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-bench-data-"));
  const owner = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 0 });
  const { deployment } = await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, deploymentsDir });
  const config = loadConfig({
    NODE_ENV: "test", FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: deploymentsDir, LOG_LEVEL: "silent",
    FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0", FOLIO_DATA_DIR: dataDir,
    FOLIO_AGENT_KEY: bytesToHex(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 19 }).getHdKey().privateKey!),
  });
  const app = createApp({ config, logger: createLogger("silent"), db, chain: await connectChain(config) });
  await app.indexer.syncToHead();
  const site = new URL(config.publicUrl);
  const message = createSiweMessage({
    domain: site.host, address: owner.address, statement: "Sign in to Folio", uri: `${site.origin}/`, version: "1",
    chainId: LOCAL_CHAIN_ID, nonce: await app.services.auth.issueNonce(), issuedAt: new Date(), expirationTime: new Date(Date.now() + 300_000),
  });
  const session = await app.services.auth.signIn(message, await owner.signMessage({ message }));
  return {
    app, db, token: deployment.tokens[0]!, rpcUrl: chain.rpcUrl,
    headers: { authorization: `Bearer ${session.token}` },
    async close() {
      await db.close();
      await chain.stop();
      fs.rmSync(deploymentsDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function measure(name: "pglite" | "postgres", open: () => Promise<Database>): Promise<Measured[]> {
  console.log(`  ${name}: starting a chain and a platform, writing ${INVESTORS} investors into the index`);
  const platform = await startPlatform(await open());
  try {
    const token = platform.token;
    const { rows } = await platform.db.query<{ last_block: string }>("select last_block::text as last_block from indexer_cursor");
    const past = Number(rows[0]!.last_block);
    await fetch(platform.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }) });
    await platform.app.indexer.syncToHead();
    const latest = Number((await platform.db.query<{ last_block: string }>("select last_block::text as last_block from indexer_cursor")).rows[0]!.last_block);
    // Half the investors by the past block, all of them by the latest one.
    await seedInvestors(platform.db, { token, block: past, count: Math.floor(INVESTORS / 2) });
    const later = await seedInvestors(platform.db, { token, block: latest, count: INVESTORS - Math.floor(INVESTORS / 2), from: Math.floor(INVESTORS / 2) });
    if (later.length !== INVESTORS - Math.floor(INVESTORS / 2)) throw new Error("seeding went wrong");
    const server: Server = await new Promise((resolve) => {
      const s = platform.app.app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/tokens/${token}/cap-table.csv`;
    const results: Measured[] = [];
    try {
      for (const [block, query] of [["latest", ""], ["past", `?atBlock=${past}`]] as const) {
        await exportOnce(`${base}${query}`, platform.headers); // warm-up
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await exportOnce(`${base}${query}`, platform.headers));
        const totalMs = median(runs.map((r) => r.totalMs));
        const rowsOut = runs[0]!.rows;
        results.push({
          database: name, block, rows: rowsOut, bytes: runs[0]!.bytes,
          firstByteMs: Math.round(median(runs.map((r) => r.firstByteMs))),
          totalMs: Math.round(totalMs),
          rowsPerSec: Math.round(rowsOut / (totalMs / 1000)),
          peakRssMiB: mib(Math.max(...runs.map((r) => r.peakRss))),
          peakHeapMiB: mib(Math.max(...runs.map((r) => r.peakHeap))),
        });
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    return results;
  } finally {
    await platform.close();
  }
}

console.log(`Folio cap table CSV export benchmark (${INVESTORS} investors, median of ${RUNS} runs)`);
const kinds: [("pglite" | "postgres"), () => Promise<Database>][] = [["pglite", async () => {
  const db = await openDatabase({ memory: true });
  await migrate(db);
  return db;
}]];
const bin = findPostgresBin();
const pg = bin ? await startThrowawayPostgres(bin) : undefined;
try {
  if (pg) {
    kinds.push(["postgres", async () => {
      const admin = await openDatabase({ url: pg.url });
      await admin.query("create database folio_bench_cap_table");
      await admin.close();
      const db = await openDatabase({ url: pg.url.replace(/\/postgres$/, "/folio_bench_cap_table") });
      await migrate(db);
      return db;
    }]);
  }
  const results: Measured[] = [];
  for (const [name, kind] of kinds) results.push(...(await measure(name, kind)));
  console.table(results.map((r) => ({
    database: r.database, block: r.block, rows: r.rows, "size (KiB)": Math.round(r.bytes / 1024), "first byte (ms)": r.firstByteMs,
    "total (ms)": r.totalMs, "rows/s": r.rowsPerSec, "peak RSS (MiB)": r.peakRssMiB, "peak heap (MiB)": r.peakHeapMiB,
  })));
  const out = path.join(ROOT, "bench/results/cap-table.json");
  fs.writeFileSync(out, `${JSON.stringify({
    date: new Date().toISOString(), investors: INVESTORS, runs: RUNS, node: process.version, cpus: os.cpus().length,
    loadAverage: os.loadavg()[0], results,
  }, null, 2)}\n`);
  console.log(`  written to ${path.relative(ROOT, out)}`);
} finally {
  pg?.stop();
}
