import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { intSetting as int, Redacted } from "./env-settings.ts";

/** Holds key bytes so that logging or serialising the config prints `[redacted]`, never the key. */
export class SecretBytes extends Redacted {
  readonly #value: Buffer;

  constructor(value: Buffer) {
    super();
    this.#value = Buffer.from(value);
  }

  reveal(): Buffer {
    return Buffer.from(this.#value);
  }
}

/** Settings of KYC onboarding (server/src/kyc). */
export interface KycConfig {
  readonly kyc: {
    /**
     * The master key that wraps every investor record's data key (FOLIO_MASTER_KEY). Null in development and test
     * when unset: a key is then generated once and kept in the data directory (see crypto/master-key.ts).
     */
    readonly masterKey: SecretBytes | null;
    /** Largest identity document accepted, in bytes. */
    readonly maxDocumentBytes: number;
    /** Largest total of the documents of one application (or one renewal), in bytes. */
    readonly maxApplicationBytes: number;
    /** An approved investor is reminded (`expiringSoon`) this many days before their KYC runs out. */
    readonly expiryWarningDays: number;
    /** How often the KYC job checks expiry. */
    readonly jobIntervalMs: number;
    /**
     * At most this many investors per `batchRegisterInvestors` transaction in a CSV import; batches are made smaller
     * still where their gas would not fit in half a block (csv-import.ts).
     */
    readonly importBatchSize: number;
    /** At most this many tokens may have a KYC policy (kyc_token_settings rows). */
    readonly maxTokenPolicies: number;
  };
}

export const kycEnvSchema = {
  FOLIO_MASTER_KEY: z.string().optional(),
  FOLIO_KYC_MAX_DOCUMENT_BYTES: int(1024, 20 * 1024 * 1024, 5 * 1024 * 1024),
  FOLIO_KYC_MAX_APPLICATION_BYTES: int(1024, 200 * 1024 * 1024, 20 * 1024 * 1024),
  FOLIO_KYC_EXPIRY_WARNING_DAYS: int(0, 365, 30),
  FOLIO_KYC_JOB_INTERVAL_MS: int(1000, 86_400_000, 60_000),
  FOLIO_KYC_IMPORT_BATCH_SIZE: int(1, 500, 50),
  FOLIO_KYC_MAX_TOKEN_POLICIES: int(1, 10_000, 100),
};

type KycEnv = z.infer<z.ZodObject<typeof kycEnvSchema>>;

/**
 * A malformed FOLIO_MASTER_KEY stops start-up here. A missing one is refused in production when the app is built
 * (crypto/master-key.ts), so configuration checks that never open the KYC store need not carry a key.
 */
export function readKycConfig(e: KycEnv): KycConfig {
  const masterKey = e.FOLIO_MASTER_KEY ? new SecretBytes(parseMasterKey(e.FOLIO_MASTER_KEY)) : null;
  if (e.FOLIO_KYC_MAX_APPLICATION_BYTES < e.FOLIO_KYC_MAX_DOCUMENT_BYTES) {
    throw new ConfigError("FOLIO_KYC_MAX_APPLICATION_BYTES", `must be at least FOLIO_KYC_MAX_DOCUMENT_BYTES (${e.FOLIO_KYC_MAX_DOCUMENT_BYTES})`);
  }
  return {
    kyc: Object.freeze({
      masterKey,
      maxDocumentBytes: e.FOLIO_KYC_MAX_DOCUMENT_BYTES,
      maxApplicationBytes: e.FOLIO_KYC_MAX_APPLICATION_BYTES,
      expiryWarningDays: e.FOLIO_KYC_EXPIRY_WARNING_DAYS,
      jobIntervalMs: e.FOLIO_KYC_JOB_INTERVAL_MS,
      importBatchSize: e.FOLIO_KYC_IMPORT_BATCH_SIZE,
      maxTokenPolicies: e.FOLIO_KYC_MAX_TOKEN_POLICIES,
    }),
  };
}

/** 32 bytes as 64 hex digits (0x optional) or as base64; the error names the setting, never the value. */
export function parseMasterKey(value: string, setting = "FOLIO_MASTER_KEY"): Buffer {
  const text = value.trim();
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text.replace(/^0x/, ""), "hex");
  if (/^[A-Za-z0-9+/]{43}=$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text)) {
    const bytes = Buffer.from(text, text.includes("=") || /[+/]/.test(text) ? "base64" : "base64url");
    if (bytes.length === 32) return bytes;
  }
  throw new ConfigError(setting, "must be 32 bytes, as 64 hex digits or base64 (generate one with `openssl rand -hex 32`)");
}
