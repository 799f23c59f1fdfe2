import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LOCAL_CHAIN_IDS } from "../config/agent-config.ts";
import { parseMasterKey, SecretBytes } from "../config/kyc-config.ts";
import { ConfigError } from "../errors.ts";
import type { Logger } from "../logger.ts";

/** Where a development or test master key is kept when FOLIO_MASTER_KEY is unset. */
export const DEV_MASTER_KEY_FILE = "kyc-master.key";

/**
 * The master key of envelope encryption: FOLIO_MASTER_KEY when set (required in production and on any chain but a
 * local one); otherwise, in development and test on a local chain, a random key generated on first use and kept in `<dataDir>/kyc-master.key` (mode 0600),
 * with a warning: that key sits beside the database it protects, so it only keeps data unreadable in a copy of the
 * database alone.
 */
export function resolveMasterKey(options: {
  configured: SecretBytes | null;
  env: "development" | "production" | "test";
  /** The chain the server runs on: the key file is allowed on LOCAL_CHAIN_IDS only. */
  chainId: number;
  dataDir: string;
  logger: Logger;
}): SecretBytes {
  if (options.configured) return options.configured;
  if (options.env === "production") {
    throw new ConfigError("FOLIO_MASTER_KEY", "must be set in production (32 random bytes as 64 hex digits or base64)");
  }
  if (!LOCAL_CHAIN_IDS.includes(options.chainId)) {
    throw new ConfigError(
      "FOLIO_MASTER_KEY",
      `must be set on chain ${options.chainId} (32 random bytes as 64 hex digits or base64): a key file beside the database is used on the local chain (${LOCAL_CHAIN_IDS.join(", ")}) only`,
    );
  }
  const file = path.join(options.dataDir, DEV_MASTER_KEY_FILE);
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    try {
      // wx: two processes starting together never overwrite each other's key.
      fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = new SecretBytes(parseMasterKey(fs.readFileSync(file, "utf8"), `${DEV_MASTER_KEY_FILE} in the data directory`));
  options.logger.warn({
    msg: "FOLIO_MASTER_KEY is unset: KYC data is encrypted under a development key kept in the data directory (local chain only)",
    file,
    created,
  });
  return key;
}
