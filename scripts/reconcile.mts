// `npm run reconcile`: compares a Folio platform's database with its chain and prints the differences per area
// (investors and wallets, balances and holders, distribution claims, trades and fills, outbox writes). It reads the
// same settings as the server (DATABASE_URL or FOLIO_DATA_DIR, FOLIO_RPC_URL, FOLIO_DEPLOYMENTS_DIR) and writes to
// neither side. Exit code: 0 no difference, 1 differences found, 2 the comparison could not run.
//   --json          print the summary as JSON instead of the table
//   --areas=a,b     only these areas (investors, balances, distributions, trades, outbox)
//   --log-chunk=N   blocks per eth_getLogs request (default 5000)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPublicClient, http, webSocket } from "viem";
import { connectChain } from "../server/src/chain/chain.ts";
import { loadConfig } from "../server/src/config/config.ts";
import { openDatabase, type Database } from "../server/src/db/database.ts";
import { FolioError } from "../server/src/errors.ts";
import { formatSummary, summaryJson } from "../server/src/reconcile/format.ts";
import { AREAS, reconcile, type AreaName } from "../server/src/reconcile/runner.ts";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, areas: { type: "string" }, "log-chunk": { type: "string" } } });

function areasOf(list: string | undefined): AreaName[] | undefined {
  if (!list) return undefined;
  const names = list.split(",").map((a) => a.trim()).filter(Boolean);
  const unknown = names.filter((a) => !(a in AREAS));
  if (unknown.length || !names.length) throw new FolioError("RECONCILE_AREAS", `--areas must list some of ${Object.keys(AREAS).join(", ")} (got ${list})`);
  return names as AreaName[];
}

/**
 * PostgreSQL is read in place. The embedded database is a directory only one process may open: it is copied and the
 * copy is read, so the platform's own files are never opened, let alone written (stop `npm start` first for a copy
 * taken between two writes).
 */
async function openTarget(databaseUrl: string | undefined, dataDir: string): Promise<{ db: Database; cleanup: () => void; where: string }> {
  if (databaseUrl) return { db: await openDatabase({ url: databaseUrl }), cleanup: () => {}, where: "DATABASE_URL" };
  const source = path.join(dataDir, "db");
  if (!fs.existsSync(source)) throw new FolioError("RECONCILE_NO_DATABASE", `No Folio database at ${source}`, { hint: "Set DATABASE_URL or FOLIO_DATA_DIR to the platform's" });
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "folio-reconcile-"));
  fs.cpSync(source, path.join(copy, "db"), { recursive: true });
  const cleanup = () => fs.rmSync(copy, { recursive: true, force: true });
  try {
    return { db: await openDatabase({ dataDir: path.join(copy, "db") }), cleanup, where: `a copy of ${source}` };
  } catch (error) {
    cleanup();
    throw error;
  }
}

async function main(): Promise<number> {
  const areas = areasOf(values.areas);
  const logChunk = values["log-chunk"] === undefined ? undefined : Number(values["log-chunk"]);
  if (logChunk !== undefined && !(Number.isInteger(logChunk) && logChunk > 0)) throw new FolioError("RECONCILE_LOG_CHUNK", "--log-chunk must be a positive whole number of blocks");
  const config = loadConfig();
  const chain = await connectChain(config);
  // Its own client: JSON-RPC batching packs the many receipt and block reads into few requests.
  const transport = config.rpcUrl.startsWith("ws") ? webSocket(config.rpcUrl) : http(config.rpcUrl, { batch: { batchSize: 100 } });
  const client = createPublicClient({ transport });
  const { db, cleanup, where } = await openTarget(config.databaseUrl, config.dataDir);
  try {
    const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from information_schema.tables where table_name = 'indexer_cursor'`);
    if (rows[0]?.n === "0") throw new FolioError("RECONCILE_NOT_FOLIO", `The database (${where}) holds no Folio schema`);
    const summary = await reconcile({ db, client, chainId: chain.chainId, deployment: chain.deployment, logChunk, areas });
    console.log(values.json ? summaryJson(summary) : formatSummary(summary));
    return summary.ok ? 0 : 1;
  } finally {
    await db.close();
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof FolioError ? `folio reconcile: ${error.message}${error.hint ? ` (${error.hint})` : ""}` : error);
    process.exit(2);
  },
);
