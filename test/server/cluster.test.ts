import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/src/config/config.ts";
import { ensureLocalDeployment } from "../../scripts/lib/ensure-deployed.ts";
import { freePort, startLocalChain, type LocalChain } from "../../scripts/lib/local-chain.ts";
import { postgresUrl } from "../support/databases.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("FOLIO_WORKERS (server processes sharing one port)", () => {
  it("defaults to one process and refuses more without PostgreSQL, or a count out of range", () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ FOLIO_WORKERS: "2", DATABASE_URL: "postgres://folio@127.0.0.1:5432/folio" }).workers).toBe(2);
    expect(() => loadConfig({ FOLIO_WORKERS: "2" })).toThrow(/FOLIO_WORKERS.*DATABASE_URL/);
    for (const bad of ["0", "65", "1.5", "two"]) expect(() => loadConfig({ FOLIO_WORKERS: bad, DATABASE_URL: "postgres://h/db" })).toThrow(/FOLIO_WORKERS/);
  });
});

// Needs a real PostgreSQL (PGlite is one process); skipped, like the PostgreSQL half of every suite, when none is installed.
describe.skipIf(!postgresUrl())("a cluster of two server processes on PostgreSQL", () => {
  let chain: LocalChain;
  let admin: pg.Client;
  let databaseUrl: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-cluster-"));

  beforeAll(async () => {
    chain = await startLocalChain();
    await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, deploymentsDir: path.join(dataDir, "deployments") });
    const name = `folio_test_${randomBytes(6).toString("hex")}`;
    admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const target = new URL(postgresUrl()!);
    target.pathname = `/${name}`;
    databaseUrl = target.toString();
  });

  afterAll(async () => {
    await admin?.end();
    await chain?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Advisory locks held in the cluster's database: one per leader (indexer, outbox worker, KYC job, market engine). */
  async function leaderLocks(): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(
      `select count(*) as n from pg_locks l join pg_database d on d.oid = l.database
       where l.locktype = 'advisory' and l.granted and d.datname = $1`, [new URL(databaseUrl).pathname.slice(1)]);
    return Number(rows[0]!.n);
  }

  it("serves from both processes, elects exactly one leader per job, replaces a dead worker and stops cleanly", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", HOST: "127.0.0.1", PORT: String(port), FOLIO_WORKERS: "2",
        DATABASE_URL: databaseUrl, FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: path.join(dataDir, "deployments"),
        FOLIO_DATA_DIR: dataDir, FOLIO_KYC_JOB_INTERVAL_MS: "1000", FOLIO_INDEXER_POLL_MS: "200",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (c) => (output += c));
    child.stderr!.on("data", (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await waitFor(() => output.includes('"msg":"server listening"') && output.includes('"workers":2'), 60_000, () => output);
      const workers = childPids(child.pid!);
      expect(workers).toHaveLength(2);

      // Every request is answered, whichever process takes the connection (once the indexer has seen the token).
      const tokens = () => fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ tokens { symbol } }" }),
      }).then((r) => r.json() as Promise<{ data?: { tokens: { symbol: string }[] } }>);
      // A connection refused or dropped while the workers come up only means "not yet".
      await waitFor(async () => ((await tokens().catch(() => undefined))?.data?.tokens.length ?? 0) > 0, 20_000, () => output);
      const answers = await Promise.all(Array.from({ length: 20 }, () =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST", headers: { "content-type": "application/json", connection: "close" }, body: JSON.stringify({ query: "{ tokens { symbol } }" }),
        }).then((r) => r.json() as Promise<{ data?: { tokens: { symbol: string }[] } }>)));
      for (const a of answers) expect(a.data?.tokens.map((t) => t.symbol)).toContain("FDS");

      // Four leaders, each in one process only: the other process's attempts find the locks taken.
      await waitFor(async () => (await leaderLocks()) === 4, 20_000, () => output);
      await new Promise((r) => setTimeout(r, 2500));
      expect(await leaderLocks()).toBe(4);
      for (const msg of ["indexer leading", "outbox worker leads", "kyc job leads", "market engine leads"]) {
        expect(output.split("\n").filter((line) => line.includes(`"msg":"${msg}`)).length, msg).toBe(1);
      }

      // A worker killed outright is replaced; its locks are freed with its connections and taken again.
      process.kill(workers[0]!, "SIGKILL");
      await waitFor(() => childPids(child.pid!).length === 2 && !childPids(child.pid!).includes(workers[0]!), 30_000, () => output);
      await waitFor(async () => (await leaderLocks()) === 4, 30_000, () => output);

      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(childPids(child.pid!)).toEqual([]);
      await waitFor(async () => (await leaderLocks()) === 0, 10_000, () => output);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 120_000);
});

function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, context: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; server output:\n${context().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
