import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../server/src/db/database.ts";
import { createApp } from "../../server/src/app.ts";
import { connectChain } from "../../server/src/chain/chain.ts";
import { loadConfig, type Config } from "../../server/src/config/config.ts";
import { createLogger, type Logger } from "../../server/src/logger.ts";
import { bytesToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { devAccount } from "./sign-in.ts";
import { ensureLocalDeployment } from "../../scripts/lib/ensure-deployed.ts";
import { startLocalChain, type LocalChain } from "../../scripts/lib/local-chain.ts";
import type { DatabaseKind } from "./databases.ts";

/** The server's agent key in tests: a dev account that no test actor uses (test/support/roles.ts). */
export const SERVER_AGENT_INDEX = 19;

export interface TestPlatform {
  chain: LocalChain;
  db: Database;
  app: ReturnType<typeof createApp>;
  deploymentsDir: string;
  config: Config;
  /** Runs one GraphQL operation in-process and returns the parsed response body. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: any[] }>;
  close(): Promise<void>;
}

/**
 * A local chain with Folio deployed, a fresh migrated database of the given kind, and the app built on both.
 * `env` adds settings (e.g. FOLIO_ADMIN_ADDRESSES); rate limits are off unless a test sets them. The server signs
 * with its own funded key (dev account #SERVER_AGENT_INDEX, no test actor), made a KYC agent of the registry, and
 * keeps its data directory (the development KYC master key) in a temporary directory.
 */
export async function startTestPlatform(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  /** Runs after the platform is deployed and before the app reads the deployment file (extra contracts, roles). */
  prepare?: (setup: { rpcUrl: string; deploymentsDir: string }) => Promise<unknown>,
  options: { logger?: Logger } = {},
): Promise<TestPlatform> {
  const chain = await startLocalChain();
  const deploymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-deployments-"));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-data-"));
  const removeAll = async () => {
    await chain.stop();
    fs.rmSync(deploymentsDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let db: Database | undefined;
  // A set-up that fails half-way (a loaded machine timing out a deployment) leaves no chain or database behind.
  try {
    const config = loadConfig({
      NODE_ENV: "test", FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: deploymentsDir, LOG_LEVEL: "silent",
      FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0", FOLIO_DATA_DIR: dataDir,
      FOLIO_AGENT_KEY: bytesToHex(devAccount(SERVER_AGENT_INDEX).getHdKey().privateKey!),
      ...env,
    });
    const agent = privateKeyToAccount(config.agentKey.reveal()).address;
    // Anvil funds dev accounts #0..#9 only.
    await fetch(chain.rpcUrl, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "anvil_setBalance", params: [agent, "0x56bc75e2d63100000"] }),
    });
    await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, deploymentsDir, kycAgent: agent });
    await prepare?.({ rpcUrl: chain.rpcUrl, deploymentsDir });
    const opened = (db = await kind.open());
    // FOLIO_TEST_LOG_LEVEL=error shows what the app logs while a test or a benchmark runs (silent by default).
    const logger = options.logger ?? createLogger(process.env.FOLIO_TEST_LOG_LEVEL ?? "silent");
    const app = createApp({ config, logger, db: opened, chain: await connectChain(config) });
    // The index as of start-up (tokens, balances); tests that write to the chain call app.indexer.syncToHead() again.
    await app.indexer.syncToHead();
    return {
      chain,
      db: opened,
      app,
      deploymentsDir,
      config,
      async gql(query, variables, headers = {}) {
        const response = await app.yoga.fetch("http://folio.test/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return response.json();
      },
      async close() {
        await opened.close();
        await removeAll();
      },
    };
  } catch (error) {
    await db?.close();
    await removeAll();
    throw error;
  }
}
