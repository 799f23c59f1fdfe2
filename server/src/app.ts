import fs from "node:fs";
import path from "node:path";
import express from "express";
import type { Chain } from "./chain/chain.ts";
import type { Config } from "./config/config.ts";
import type { Database } from "./db/database.ts";
import { createGraphQL } from "./graphql/yoga.ts";
import type { Logger } from "./logger.ts";
import { createTokenService } from "./tokens/token-service.ts";
import { createIndexer } from "./indexer/indexer.ts";
import { createIndexerStatusService } from "./indexer/indexer-status.ts";
import { createAuditLog } from "./audit/audit-log.ts";
import { createAuthService } from "./auth/auth-service.ts";
import { createInvestorService } from "./investors/investor-service.ts";
import { parsedJsonBody } from "./http/json-body.ts";
import { bodyErrors, bodyLimit, rateLimitPerIp } from "./http/request-limits.ts";
import { corsFor } from "./http/cors.ts";
import { webConfigFor } from "./http/web-config.ts";
import { refuseDevAgentKeyOffLocalChain } from "./config/agent-config.ts";
import { GRAPHIQL_ASSETS_PATH, graphiqlAssets } from "./graphql/graphiql.ts";
import { createKeySigner } from "./chain/signer.ts";
import { createOutbox } from "./outbox/outbox.ts";
import { createOutboxWorker } from "./outbox/outbox-worker.ts";
import { createEnvelope } from "./crypto/envelope.ts";
import { resolveMasterKey } from "./crypto/master-key.ts";
import { createKycService } from "./kyc/kyc-service.ts";
import { createKycJob } from "./kyc/kyc-job.ts";
import { createDistributionService } from "./distributions/distribution-service.ts";
import { distributionParamsHandler } from "./distributions/params-route.ts";
import { deploymentHandler } from "./http/deployment-route.ts";
import { createAgentActions } from "./tokens/agent-actions.ts";
import { createCapTableService } from "./tokens/cap-table.ts";
import { capTableCsvHandler } from "./http/cap-table-csv.ts";
import { createMarketService } from "./market/market-service.ts";
import { createMarketEvents } from "./market/market-events.ts";
import { createArtworkRegistry, type ArtworkRegistry } from "./artworks/artwork-registry.ts";
import { createCertificateReader } from "./artworks/certificate-reader.ts";
import { artworkRoutes } from "./http/artwork-routes.ts";
import { createMarketStats } from "./market/market-stats.ts";

export interface AppDependencies {
  config: Config;
  logger: Logger;
  db: Database;
  chain: Chain;
}

/** Builds the HTTP app without listening, so tests drive it in-process. */
export function createApp({ config, logger, db, chain }: AppDependencies) {
  // The chain id is known from here on: the public development keys are refused on any chain but a local one.
  refuseDevAgentKeyOffLocalChain(config, chain.chainId);
  const masterKey = resolveMasterKey({ configured: config.kyc.masterKey, env: config.env, chainId: chain.chainId, dataDir: config.dataDir, logger });
  const auth = createAuthService({
    db, chain, logger,
    publicUrl: config.publicUrl,
    sessionTtlSeconds: config.sessionTtlSeconds,
    adminAddresses: config.adminAddresses,
    signInFailuresPerMinute: config.rateLimit.signInFailuresPerMinute,
  });
  // Every on-chain write goes through the outbox, signed with the agent key; startServer starts its worker.
  const signer = createKeySigner(config.agentKey.reveal(), chain.chainId);
  const outbox = createOutbox({ db, chainId: chain.chainId, sender: signer.address, stuckAfterSeconds: config.outbox.stuckAfterSeconds });
  const outboxWorker = createOutboxWorker({ outbox, db, client: chain.client, signer, config: config.outbox, logger });
  // Income distributions: rounds computed from the index; funding, claims and reclaims read from its events.
  const distributions = createDistributionService({ db, chain, outbox, logger, publicUrl: config.publicUrl });
  // One market change feed per process: the matching engine publishes into it, GraphQL subscriptions listen.
  const marketEvents = createMarketEvents();
  const services = {
    outbox,
    distributions,
    // Cap-table pages cached in this process (FOLIO_HOLDERS_CACHE_PAGES), keyed by the indexed block and its hash.
    tokens: createTokenService({ chain, db, holdersCachePages: config.holdersCachePages }),
    capTable: createCapTableService({ chain, db }),
    // Secondary market: signed orders, in-memory books rebuilt from the database, trades settled through the outbox.
    market: createMarketService({ db, chain, outbox, logger, events: marketEvents, settleBatch: config.market.settleBatch }),
    marketEvents,
    auth,
    audit: createAuditLog(db),
    agentActions: createAgentActions({ chain, db }),
    investors: createInvestorService(chain),
    indexer: createIndexerStatusService({ db, chain, confirmations: config.indexer.confirmations }),
    // KYC records are encrypted per record under data keys wrapped by the master key (FOLIO_MASTER_KEY).
    kyc: createKycService({
      db, chain, outbox, logger, config: config.kyc,
      envelope: createEnvelope(masterKey.reveal()),
    }),
    // Artwork records, their images (content-addressed under the data directory) and canonical metadata.
    artworks: createArtworkRegistry({
      db, chain, config: config.artworks, dataDir: config.dataDir, publicUrl: config.publicUrl, logger, confirmations: config.indexer.confirmations,
    }),
    // Candles and 24-hour figures of the secondary market, read from its confirmed trades.
    marketStats: createMarketStats(db),
    // Certificates as the indexer recorded them, with their registered works: the public verification page.
    certificates: createCertificateReader({ db, chain, artworks: (): ArtworkRegistry => services.artworks }),
  };
  // Built here, started by startServer: flags KYC running out and moves expired investors to liquidate-only; one
  // replica leads it (advisory lock), like the indexer and the outbox worker.
  const kycJob = createKycJob({ kyc: services.kyc, intervalMs: config.kyc.jobIntervalMs, logger, db });
  // Built here, started by startServer: it follows the chain only while this replica holds the indexer lock.
  const indexer = createIndexer({ db, chain, logger, ...config.indexer });
  const yoga = createGraphQL({
    services, logger, production: config.env === "production",
    sessionTtlSeconds: config.sessionTtlSeconds,
    perAddressPerMinute: config.rateLimit.perAddressPerMinute,
  });
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxyHops);

  // 200 while the chain and the database answer; "degraded" when outbox entries are stuck (writes are late but
  // reads work, so a load balancer keeps the replica), 503 when the chain or the database does not answer.
  app.get("/health", async (_req, res) => {
    try {
      const [block, stuck] = await Promise.all([chain.client.getBlockNumber(), outbox.countStuckEntries()]);
      res.json({
        status: stuck.stuck > 0 ? "degraded" : "ok",
        chainId: chain.chainId,
        block: Number(block),
        database: db.kind,
        outbox: { stuck: stuck.stuck, oldestStuckSeconds: stuck.oldestSeconds, stuckAfterSeconds: outbox.stuckAfterSeconds },
      });
    } catch (error) {
      logger.warn({ msg: "health check failed", err: error });
      res.status(503).json({ status: "unavailable" });
    }
  });

  // Only the public origin and FOLIO_CORS_ORIGINS may call the API from a browser script of another origin.
  const cors = corsFor(config.corsOrigins);
  if (config.env !== "production") app.use(GRAPHIQL_ASSETS_PATH, graphiqlAssets());
  // Contract addresses for the web console (the issuer's token factory); public chain data.
  app.get("/deployment.json", deploymentHandler(chain.deployment));

  app.use(
    yoga.graphqlEndpoint,
    cors,
    rateLimitPerIp(config.rateLimit.perIpPerMinute),
    // Multipart requests may carry one KYC document of up to the KYC limit, or an artwork's images.
    bodyLimit(config.maxBodyBytes, multipartLimit(config)),
    bodyErrors(config.maxBodyBytes, multipartLimit(config)),
    parsedJsonBody(),
    (req: express.Request, res: express.Response) => yoga.handle(req, res),
  );

  // Public, immutable artwork metadata and images at stable URLs (what certificates point at).
  app.use(artworkRoutes({ artworks: services.artworks, logger }));
  app.get("/distributions/:id/params.json", cors, distributionParamsHandler(distributions));
  app.get("/tokens/:address/cap-table.csv", cors, rateLimitPerIp(config.rateLimit.perIpPerMinute), capTableCsvHandler({ auth, capTable: services.capTable, logger }));

  // The web console reads the chain it works on (and whether to offer the dev wallet) before anything else.
  const webConfig = webConfigFor(config, chain.chainId);
  app.get("/config.json", (_req, res) => void res.json(webConfig));

  // The web UI, built by `npm run build:web`; every other path falls back to its index for client-side routes.
  if (fs.existsSync(path.join(config.webDistDir, "index.html"))) {
    // The dev wallet's chunk (the public anvil keys) is never served in production, whatever asks for it.
    if (!webConfig.devWallet) app.get(/^\/assets\/dev-wallet-.*\.js$/, (_req, res) => void res.status(404).end());
    app.use(express.static(config.webDistDir, { index: "index.html" }));
    // The public certificate page has its own small entry (no wallet, no console): what a QR label opens.
    const verifyPage = path.join(config.webDistDir, "verify.html");
    if (fs.existsSync(verifyPage)) app.get(/^\/verify\//, (_req, res) => res.sendFile(verifyPage));
    // Not for the server's own paths: an unknown GraphiQL asset or API path answers 404, never the web page.
    app.get(/^\/(?!graphql|graphiql|health).*/, (_req, res) => res.sendFile(path.join(config.webDistDir, "index.html")));
  }

  return { app, yoga, services, indexer, outboxWorker, kycJob };
}

/** Room for one KYC document, or an artwork's images, plus the multipart envelope (operations, map, part headers). */
const multipartLimit = (config: Config) =>
  Math.max(config.maxBodyBytes, config.kyc.maxDocumentBytes + 64 * 1024, config.artworks.maxImageBytes * config.artworks.maxImagesPerArtwork + 64 * 1024);
