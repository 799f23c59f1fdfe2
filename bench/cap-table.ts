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
import { openDatabase, type Database } from "../server/src/db/database.ts";
import { migrate } from "../server/src/db/migrate.ts";
import { findPostgresBin, startThrowawayPostgres } from "../scripts/lib/throwaway-postgres.ts";
import type { DatabaseKind } from "../test/support/databases.ts";
import { startTestPlatform } from "../test/support/platform.ts";
import { signIn } from "../test/support/sign-in.ts";
import { seedInvestors } from "../test/server/tokens/cap-table-fixture.ts";

const INVESTORS = Number(process.env.FOLIO_BENCH_INVESTORS ?? 10_000);
const RUNS = Number(process.env.FOLIO_BENCH_RUNS ?? 3);
const ROOT = path.resolve(import.meta.dirname, "..");

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

async function measure(name: "pglite" | "postgres", kind: DatabaseKind): Promise<Measured[]> {
  console.log(`  ${name}: starting a chain and a platform, writing ${INVESTORS} investors into the index`);
  const platform = await startTestPlatform(kind);
  try {
    const token = JSON.parse(fs.readFileSync(path.join(platform.deploymentsDir, "31337.json"), "utf8")).tokens[0];
    const { rows } = await platform.db.query<{ last_block: string }>("select last_block::text as last_block from indexer_cursor");
    const past = Number(rows[0]!.last_block);
    await fetch(platform.chain.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }) });
    await platform.app.indexer.syncToHead();
    const latest = Number((await platform.db.query<{ last_block: string }>("select last_block::text as last_block from indexer_cursor")).rows[0]!.last_block);
    // Half the investors by the past block, all of them by the latest one.
    await seedInvestors(platform.db, { token, block: past, count: Math.floor(INVESTORS / 2) });
    const later = await seedInvestors(platform.db, { token, block: latest, count: INVESTORS - Math.floor(INVESTORS / 2), from: Math.floor(INVESTORS / 2) });
    if (later.length !== INVESTORS - Math.floor(INVESTORS / 2)) throw new Error("seeding went wrong");
    const { headers } = await signIn(platform, 0);
    const server: Server = await new Promise((resolve) => {
      const s = platform.app.app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/tokens/${token}/cap-table.csv`;
    const results: Measured[] = [];
    try {
      for (const [block, query] of [["latest", ""], ["past", `?atBlock=${past}`]] as const) {
        await exportOnce(`${base}${query}`, headers); // warm-up
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await exportOnce(`${base}${query}`, headers));
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
const kinds: [("pglite" | "postgres"), DatabaseKind][] = [["pglite", {
  name: "PGlite",
  async open(): Promise<Database> {
    const db = await openDatabase({ memory: true });
    await migrate(db);
    return db;
  },
}]];
const bin = findPostgresBin();
const pg = bin ? await startThrowawayPostgres(bin) : undefined;
try {
  if (pg) {
    kinds.push(["postgres", {
      name: "PostgreSQL",
      async open() {
        const admin = await openDatabase({ url: pg.url });
        await admin.query("create database folio_bench_cap_table");
        await admin.close();
        const db = await openDatabase({ url: pg.url.replace(/\/postgres$/, "/folio_bench_cap_table") });
        await migrate(db);
        return db;
      },
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
