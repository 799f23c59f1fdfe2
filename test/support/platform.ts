import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../server/src/db/database.ts";
import { createApp } from "../../server/src/app.ts";
import { connectChain } from "../../server/src/chain/chain.ts";
import { loadConfig } from "../../server/src/config/config.ts";
import { createLogger } from "../../server/src/logger.ts";
import { ensureLocalDeployment } from "../../scripts/lib/ensure-deployed.ts";
import { startLocalChain, type LocalChain } from "../../scripts/lib/local-chain.ts";
import type { DatabaseKind } from "./databases.ts";

export interface TestPlatform {
  chain: LocalChain;
  db: Database;
  app: ReturnType<typeof createApp>;
  deploymentsDir: string;
  /** Runs one GraphQL operation in-process and returns the parsed response body. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: any[] }>;
  close(): Promise<void>;
}

/** A local chain with Folio deployed, a fresh migrated database of the given kind, and the app built on both. */
export async function startTestPlatform(kind: DatabaseKind): Promise<TestPlatform> {
  const chain = await startLocalChain();
  const deploymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-deployments-"));
  await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, deploymentsDir });
  const db = await kind.open();
  const config = loadConfig({ NODE_ENV: "test", FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: deploymentsDir, LOG_LEVEL: "silent" });
  const logger = createLogger("silent");
  const app = createApp({ config, logger, db, chain: await connectChain(config) });
  return {
    chain,
    db,
    app,
    deploymentsDir,
    async gql(query, variables, headers = {}) {
      const response = await app.yoga.fetch("http://folio.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    async close() {
      await db.close();
      await chain.stop();
      fs.rmSync(deploymentsDir, { recursive: true, force: true });
    },
  };
}
