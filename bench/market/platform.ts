// The live part of `npm run bench:market` runs against the platform the market tests use (test/server/market/
// market-fixture.ts: local anvil chain, Folio deployed, a seller and a buyer verified, funded and approved, the market
// open), on a throw-away PostgreSQL cluster, with the app listening on loopback like a deployed server: in the
// benchmark's process, or (`server: "process"`, the soak) as `npm start` runs it, in a process of its own.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../../server/src/db/database.ts";
import { migrate } from "../../server/src/db/migrate.ts";
import { findPostgresBin, startThrowawayPostgres } from "../../scripts/lib/throwaway-postgres.ts";
import { startMarketPlatform, type MarketPlatform } from "../../test/server/market/market-fixture.ts";
import { startServerProcess, type ServerProcess } from "../server/server-process.ts";
// Type-checking only: the fixture's support files read vitest's provided context, declared by the test setup.
import type {} from "../../test/support/postgres-setup.ts";

export interface LiveMarket {
  f: MarketPlatform;
  /** http://127.0.0.1:<port>/graphql */
  graphqlUrl: string;
  /** The server's process, when it runs in one of its own. */
  server?: ServerProcess;
  close(): Promise<void>;
}

export interface LiveMarketOptions {
  /** Where the app under test runs: in this process (the default) or in a process of its own (server/src/main.ts). */
  server?: "in-process" | "process";
  /** Settings added to the server process's environment. */
  env?: Record<string, string>;
  /** Node flags of the server process (e.g. --expose-gc, for its heap probe). */
  nodeArgs?: string[];
  /** Processes of the server in a process of its own (FOLIO_WORKERS), 1 by default. */
  workers?: number;
}

export async function startLiveMarket(options: LiveMarketOptions = {}): Promise<LiveMarket> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql): the live market figures need it");
  const pg = await startThrowawayPostgres(bin);
  // The cluster is a daemon of its own: stop it however the benchmark ends (an interrupt exits through "exit").
  let stopped = false;
  const stopPg = () => {
    if (!stopped) pg.stop();
    stopped = true;
  };
  process.once("exit", stopPg);
  try {
    const f = await startMarketPlatform({
      name: "PostgreSQL",
      async open() {
        const db = await openDatabase({ url: pg.url });
        await migrate(db);
        return db;
      },
    });
    const live = options.server === "process" ? await serveInProcessOfItsOwn(f, pg.url, options) : await serveHere(f);
    const close = async () => {
      await live.close();
      stopPg();
    };
    // An interrupted run still stops the server, the chain and the cluster.
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void close().finally(() => process.exit(130)));
    return { ...live, f, close };
  } catch (error) {
    stopPg();
    throw error;
  }
}

async function serveHere(f: MarketPlatform) {
  const server = http.createServer(f.platform.app.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    graphqlUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await f.close();
    },
  };
}

/**
 * The fixture's app set the market up; its background work (matching engine, outbox worker) stops here so the server
 * process leads alone, on the same chain, database, deployment, data directory (KYC master key) and agent key.
 */
async function serveInProcessOfItsOwn(f: MarketPlatform, databaseUrl: string, options: LiveMarketOptions) {
  const { config, chain, deploymentsDir } = f.platform;
  await f.platform.app.services.market.stop();
  await f.platform.app.outboxWorker.close();
  const server = await startServerProcess({
    env: {
      NODE_ENV: "development", FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DEPLOYMENTS_DIR: deploymentsDir, DATABASE_URL: databaseUrl,
      FOLIO_AGENT_KEY: config.agentKey.reveal(), FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0", ...options.env,
    },
    workers: options.workers ?? 1,
    dataDir: config.dataDir,
    nodeArgs: options.nodeArgs,
  }).catch(async (error) => {
    await f.platform.close();
    throw error;
  });
  return {
    graphqlUrl: server.url,
    server,
    async close() {
      await server.stop();
      await f.platform.close();
    },
  };
}
