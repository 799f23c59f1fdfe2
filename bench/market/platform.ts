// The live part of `npm run bench:market` runs against the platform the market tests use (test/server/market/
// market-fixture.ts: local anvil chain, Folio deployed, a seller and a buyer verified, funded and approved, the market
// open), on a throw-away PostgreSQL cluster, with the app listening on loopback like a deployed server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../../server/src/db/database.ts";
import { migrate } from "../../server/src/db/migrate.ts";
import { findPostgresBin, startThrowawayPostgres } from "../../scripts/lib/throwaway-postgres.ts";
import { startMarketPlatform, type MarketPlatform } from "../../test/server/market/market-fixture.ts";
// Type-checking only: the fixture's support files read vitest's provided context, declared by the test setup.
import type {} from "../../test/support/postgres-setup.ts";

export interface LiveMarket {
  f: MarketPlatform;
  /** http://127.0.0.1:<port>/graphql */
  graphqlUrl: string;
  close(): Promise<void>;
}

export async function startLiveMarket(): Promise<LiveMarket> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql): the intake and settlement figures need it");
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
    const server = http.createServer(f.platform.app.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await f.close();
      stopPg();
    };
    // An interrupted run still stops the chain and the cluster.
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void close().finally(() => process.exit(130)));
    return { f, graphqlUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close };
  } catch (error) {
    stopPg();
    throw error;
  }
}
