import path from "node:path";
import { getAddress, isAddress } from "viem";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { intSetting } from "./env-settings.ts";
import { agentEnvSchema, readAgentConfig, type AgentConfig } from "./agent-config.ts";
import { kycEnvSchema, readKycConfig, type KycConfig } from "./kyc-config.ts";
import { artworkEnvSchema, readArtworkConfig, type ArtworkConfig } from "./artwork-config.ts";
import { marketEnvSchema, readMarketConfig, type MarketConfig } from "./market-config.ts";

/**
 * The whole server configuration. This module (with agent-config.ts for the agent key and the outbox, and
 * kyc-config.ts for KYC onboarding) is the only reader of the environment.
 */
export interface Config extends AgentConfig, KycConfig, ArtworkConfig, MarketConfig {
  readonly env: "development" | "production" | "test";
  readonly host: string;
  readonly port: number;
  readonly rpcUrl: string;
  /** Real PostgreSQL when set; otherwise the embedded PGlite database under `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly deploymentsDir: string;
  readonly webDistDir: string;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** The origin browsers load Folio from; Sign-In with Ethereum messages must name its host and URI. */
  readonly publicUrl: string;
  /** Origins whose scripts may call the API with credentials (CORS): the public origin and FOLIO_CORS_ORIGINS. */
  readonly corsOrigins: readonly string[];
  /** Lifetime of a signed-in session. */
  readonly sessionTtlSeconds: number;
  /** Platform admins by configuration (checksummed); they cannot be revoked through the API. */
  readonly adminAddresses: readonly `0x${string}`[];
  /** Token-bucket limits: requests per minute per client IP and per signed-in address (0 turns one off). */
  readonly rateLimit: { readonly perIpPerMinute: number; readonly perAddressPerMinute: number; readonly signInFailuresPerMinute: number };
  /** Largest accepted request body, in bytes. */
  readonly maxBodyBytes: number;
  /** Express `trust proxy` hop count, so the per-IP limit sees the client behind a load balancer. */
  readonly trustProxyHops: number;
  /** Chain indexer: blocks kept back from the head (reorg safety), blocks per batch, pause when caught up. */
  readonly indexer: { readonly confirmations: number; readonly batchBlocks: number; readonly pollIntervalMs: number };
  /** Server processes (node:cluster) sharing the port; more than one needs PostgreSQL (PGlite is one process). */
  readonly workers: number;
  /** Cap-table pages kept per server process (LRU, keyed by the indexed block and its hash); 0 turns the cache off. */
  readonly holdersCachePages: number;
}

const ROOT = path.resolve(import.meta.dirname, "../../..");

const urlWithProtocols = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      const url = new URL(value);
      return protocols.includes(url.protocol) && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, `must be a ${protocols.map((p) => `${p}//`).join(" or ")} URL`);

/** An origin as browsers send it: http(s)://host[:port], nothing after. */
const isOrigin = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
  } catch {
    return false;
  }
};

const schema = z.object({
  ...agentEnvSchema,
  ...kycEnvSchema,
  ...artworkEnvSchema,
  ...marketEnvSchema,
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int("must be an integer").min(0).max(65535, "must be a port number (0-65535)").default(4000),
  FOLIO_RPC_URL: urlWithProtocols(["http:", "https:", "ws:", "wss:"]).default("http://127.0.0.1:8545"),
  DATABASE_URL: urlWithProtocols(["postgres:", "postgresql:"]).optional(),
  FOLIO_DATA_DIR: z.string().min(1).default(path.join(ROOT, "data")),
  FOLIO_DEPLOYMENTS_DIR: z.string().min(1).default(path.join(ROOT, "deployments")),
  FOLIO_WEB_DIST: z.string().min(1).default(path.join(ROOT, "web/dist")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  FOLIO_PUBLIC_URL: urlWithProtocols(["http:", "https:"]).optional(),
  FOLIO_SESSION_TTL_SECONDS: z.coerce.number().int("must be an integer").min(60, "must be at least 60").max(30 * 86400, "must be at most 30 days").default(8 * 3600),
  FOLIO_ADMIN_ADDRESSES: z
    .string()
    .refine((v) => v.split(",").every((a) => a.trim() === "" || isAddress(a.trim(), { strict: false })), "must be a comma-separated list of addresses")
    .default(""),
  FOLIO_RATE_LIMIT_PER_IP: z.coerce.number().int("must be an integer").min(0, "must be 0 (off) or more").default(600),
  FOLIO_CORS_ORIGINS: z
    .string()
    .refine((v) => v.split(",").every((o) => o.trim() === "" || isOrigin(o.trim())), "must be a comma-separated list of origins such as https://app.example.com (scheme, host and port only)")
    .default(""),
  FOLIO_RATE_LIMIT_SIGN_IN_FAILURES: intSetting(0, 10_000, 20),
  FOLIO_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int("must be an integer").min(0, "must be 0 (off) or more").default(300),
  FOLIO_MAX_BODY_BYTES: z.coerce.number().int("must be an integer").min(1024, "must be at least 1024").max(10_000_000, "must be at most 10000000").default(100 * 1024),
  FOLIO_TRUST_PROXY: z.coerce.number().int("must be an integer").min(0).max(10, "must be a hop count from 0 to 10").default(0),
  FOLIO_CONFIRMATIONS: z.coerce.number().int("must be an integer").min(0, "must be 0 or more").max(1000, "must be at most 1000").default(0),
  FOLIO_INDEXER_BATCH_BLOCKS: intSetting(1, 100_000, 2000),
  FOLIO_INDEXER_POLL_MS: intSetting(50, 600_000, 1000),
  FOLIO_WORKERS: intSetting(1, 64, 1),
  FOLIO_HOLDERS_CACHE_PAGES: z.coerce.number().int("must be an integer").min(0, "must be 0 (off) or more").max(100_000, "must be at most 100000").default(500),
});

/**
 * Validates the environment once into a frozen, typed object. A wrong setting throws a ConfigError whose one-line
 * message names the setting (never its value: it may be a secret).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production" && !e.FOLIO_PUBLIC_URL) {
    throw new ConfigError("FOLIO_PUBLIC_URL", "must be set in production (the https:// origin users sign in at)");
  }
  if (e.FOLIO_WORKERS > 1 && !e.DATABASE_URL) {
    throw new ConfigError("FOLIO_WORKERS", "must be 1 without DATABASE_URL (the embedded database serves one process)");
  }
  const publicUrl = new URL(e.FOLIO_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).origin;
  return Object.freeze({
    ...readAgentConfig(e, e.NODE_ENV),
    ...readKycConfig(e),
    ...readArtworkConfig(e),
    ...readMarketConfig(e),
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    rpcUrl: e.FOLIO_RPC_URL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.FOLIO_DATA_DIR),
    deploymentsDir: path.resolve(e.FOLIO_DEPLOYMENTS_DIR),
    webDistDir: path.resolve(e.FOLIO_WEB_DIST),
    logLevel: e.LOG_LEVEL,
    publicUrl,
    corsOrigins: Object.freeze([...new Set([publicUrl, ...e.FOLIO_CORS_ORIGINS.split(",").map((o) => o.trim()).filter(Boolean)])]),
    sessionTtlSeconds: e.FOLIO_SESSION_TTL_SECONDS,
    adminAddresses: Object.freeze(e.FOLIO_ADMIN_ADDRESSES.split(",").map((a) => a.trim()).filter(Boolean).map((a) => getAddress(a))),
    rateLimit: Object.freeze({
      perIpPerMinute: e.FOLIO_RATE_LIMIT_PER_IP,
      perAddressPerMinute: e.FOLIO_RATE_LIMIT_PER_ADDRESS,
      signInFailuresPerMinute: e.FOLIO_RATE_LIMIT_SIGN_IN_FAILURES,
    }),
    maxBodyBytes: e.FOLIO_MAX_BODY_BYTES,
    trustProxyHops: e.FOLIO_TRUST_PROXY,
    indexer: Object.freeze({ confirmations: e.FOLIO_CONFIRMATIONS, batchBlocks: e.FOLIO_INDEXER_BATCH_BLOCKS, pollIntervalMs: e.FOLIO_INDEXER_POLL_MS }),
    workers: e.FOLIO_WORKERS,
    holdersCachePages: e.FOLIO_HOLDERS_CACHE_PAGES,
  });
}
