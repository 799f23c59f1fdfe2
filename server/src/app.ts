import fs from "node:fs";
import path from "node:path";
import express from "express";
import type { Chain } from "./chain/chain.ts";
import type { Config } from "./config/config.ts";
import type { Database } from "./db/database.ts";
import { createGraphQL } from "./graphql/yoga.ts";
import type { Logger } from "./logger.ts";
import { createTokenService } from "./tokens/token-service.ts";

export interface AppDependencies {
  config: Config;
  logger: Logger;
  db: Database;
  chain: Chain;
}

/** Builds the HTTP app without listening, so tests drive it in-process. */
export function createApp({ config, logger, db, chain }: AppDependencies) {
  const services = { tokens: createTokenService(chain) };
  const yoga = createGraphQL({ services, logger, production: config.env === "production" });
  const app = express();
  app.disable("x-powered-by");

  app.get("/health", async (_req, res) => {
    try {
      const [block] = await Promise.all([chain.client.getBlockNumber(), db.query("select 1")]);
      res.json({ status: "ok", chainId: chain.chainId, block: Number(block), database: db.kind });
    } catch (error) {
      logger.warn({ msg: "health check failed", err: error });
      res.status(503).json({ status: "unavailable" });
    }
  });

  app.use(yoga.graphqlEndpoint, (req, res) => yoga.handle(req, res));

  // The web UI, built by `npm run build:web`; every other path falls back to its index for client-side routes.
  if (fs.existsSync(path.join(config.webDistDir, "index.html"))) {
    app.use(express.static(config.webDistDir, { index: "index.html" }));
    app.get(/^\/(?!graphql|health).*/, (_req, res) => res.sendFile(path.join(config.webDistDir, "index.html")));
  }

  return { app, yoga, services };
}
