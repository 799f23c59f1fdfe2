import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../server/src/db/database.ts";
import { migrate } from "../../../server/src/db/migrate.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import type { ReconcileSummary } from "../../../server/src/reconcile/runner.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");

/** `npm run reconcile` with the platform's settings; resolves with the exit code and output whatever the code. */
async function reconcileCommand(env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/reconcile.mts", ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: "test", ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every file under `dir` with its size and modification time: the command must change none of them. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const stat = fs.statSync(path.join(dir, name));
    if (stat.isFile()) out[name] = `${stat.size}@${stat.mtimeMs}`;
  }
  return out;
}

describe("npm run reconcile against a platform's embedded database directory and chain", () => {
  let platform: TestPlatform;
  let env: Record<string, string>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-reconcile-cli-"));

  beforeAll(async () => {
    // The platform keeps its database in a data directory, as `npm start` does; the command reads it while it is open.
    platform = await startTestPlatform({
      name: "PGlite",
      async open() {
        const db = await openDatabase({ dataDir: path.join(dataDir, "db") });
        await migrate(db);
        return db;
      },
    });
    env = { FOLIO_RPC_URL: platform.chain.rpcUrl, FOLIO_DATA_DIR: dataDir, FOLIO_DEPLOYMENTS_DIR: platform.deploymentsDir };
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints a table per area and exits 0 when chain and database agree, leaving the data directory untouched", async () => {
    const before = filesOf(path.join(dataDir, "db"));
    const { code, stdout } = await reconcileCommand(env);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^Area\s+Block\s+Checked\s+Differences\s+In flight\s+Time$/m);
    for (const name of ["investors and wallets", "balances and holders", "distribution claims", "trades and fills", "outbox writes"]) {
      expect(stdout).toMatch(new RegExp(`^${name}\\s+\\d+\\s+\\d+\\s+0\\s+0\\s+\\d+ ms$`, "m"));
    }
    expect(stdout).toMatch(/No differences \(0 in flight\)/);
    expect(filesOf(path.join(dataDir, "db"))).toEqual(before);

    const json = await reconcileCommand(env, ["--json"]);
    const summary = JSON.parse(json.stdout) as ReconcileSummary;
    expect(summary).toMatchObject({ ok: true, differences: 0, chainId: 31337, databaseKind: "pglite" });
    expect(summary.areas.map((a) => a.area)).toHaveLength(5);
  }, 240_000);

  it("exits 1 and names the difference when the index lost a row", async () => {
    const { rows: [row] } = await platform.db.query<{ token: string; wallet: string; balance: string }>(
      "select token, wallet, balance::text as balance from token_balances where balance > 0 order by wallet limit 1");
    await platform.db.query("update token_balances set balance = balance - 1 where token = $1 and wallet = $2", [row!.token, row!.wallet]);
    try {
      const { code, stdout } = await reconcileCommand(env, ["--areas=balances"]);
      expect(code, stdout).toBe(1);
      expect(stdout).toContain(`DIFFERENCE balance`);
      expect(stdout).toContain(`wallet ${row!.wallet} at block`);
      expect(stdout).toMatch(/1 difference\(s\)/);
    } finally {
      await platform.db.query("update token_balances set balance = $3 where token = $1 and wallet = $2", [row!.token, row!.wallet, row!.balance]);
    }
  }, 240_000);

  it("refuses bad arguments and an unreachable chain with a clear message and exit code 2", async () => {
    const areas = await reconcileCommand(env, ["--areas=investors,nope"]);
    expect(areas.code).toBe(2);
    expect(areas.stderr).toContain("--areas must list some of investors, balances, distributions, trades, outbox (got investors,nope)");
    const chunk = await reconcileCommand(env, ["--log-chunk=0"]);
    expect(chunk.code).toBe(2);
    expect(chunk.stderr).toContain("--log-chunk must be a positive whole number of blocks");
    const noChain = await reconcileCommand({ ...env, FOLIO_RPC_URL: "http://127.0.0.1:9" });
    expect(noChain.code).toBe(2);
    expect(noChain.stderr).toContain("Cannot reach the chain at FOLIO_RPC_URL");
    const noDatabase = await reconcileCommand({ ...env, FOLIO_DATA_DIR: path.join(dataDir, "missing") });
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toContain(`No Folio database at ${path.join(dataDir, "missing", "db")}`);
  }, 240_000);
});
