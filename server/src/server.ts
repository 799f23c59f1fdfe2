import type { Server } from "node:http";
import { createApp } from "./app.ts";
import { connectChain } from "./chain/chain.ts";
import type { Config } from "./config/config.ts";
import { openDatabase } from "./db/database.ts";
import { migrate } from "./db/migrate.ts";
import path from "node:path";
import { createLogger, type Logger } from "./logger.ts";
import { attachGraphQLWebSocket } from "./graphql/websocket.ts";

export interface RunningServer {
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

/** Opens the database (migrating it), connects the chain, and listens. */
export async function startServer(config: Config, logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, "db") });
  const applied = await migrate(db);
  logger.info({ msg: "database ready", database: db.kind, migrationsApplied: applied.length });
  const chain = await connectChain(config);
  logger.info({ msg: "chain connected", chainId: chain.chainId, contracts: Object.keys(chain.deployment.contracts).length });

  const { app, yoga, indexer, outboxWorker, services, kycJob } = createApp({ config, logger, db, chain });
  indexer.start();
  if (config.agentKeyIsDevDefault) {
    logger.warn({ msg: "FOLIO_AGENT_KEY is unset: signing with the public dev account #9 key (development and test only)", agent: services.outbox.sender });
  }
  outboxWorker.start();
  kycJob.start();
  services.market.start();
  logger.info({ msg: "outbox worker started", agent: services.outbox.sender });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
  // GraphQL subscriptions (graphql-ws) on the same port and path as HTTP GraphQL.
  const subscriptions = attachGraphQLWebSocket({ server, yoga, services, logger, origins: config.corsOrigins, production: config.env === "production" });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info({ msg: "server listening", url });
  return {
    url,
    logger,
    async close() {
      await subscriptions.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await kycJob.stop();
      await services.market.stop();
      await outboxWorker.close();
      await indexer.stop();
      await db.close();
    },
  };
}
