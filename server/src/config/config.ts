import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors.ts";

/** The whole server configuration. This module is the only reader of the environment. */
export interface Config {
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

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int("must be an integer").min(0).max(65535, "must be a port number (0-65535)").default(4000),
  FOLIO_RPC_URL: urlWithProtocols(["http:", "https:", "ws:", "wss:"]).default("http://127.0.0.1:8545"),
  DATABASE_URL: urlWithProtocols(["postgres:", "postgresql:"]).optional(),
  FOLIO_DATA_DIR: z.string().min(1).default(path.join(ROOT, "data")),
  FOLIO_DEPLOYMENTS_DIR: z.string().min(1).default(path.join(ROOT, "deployments")),
  FOLIO_WEB_DIST: z.string().min(1).default(path.join(ROOT, "web/dist")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    rpcUrl: e.FOLIO_RPC_URL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.FOLIO_DATA_DIR),
    deploymentsDir: path.resolve(e.FOLIO_DEPLOYMENTS_DIR),
    webDistDir: path.resolve(e.FOLIO_WEB_DIST),
    logLevel: e.LOG_LEVEL,
  });
}
