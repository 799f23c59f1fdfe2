import { bytesToHex, type Hex } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { intSetting as int, Redacted } from "./env-settings.ts";

/** Anvil's and Hardhat's public development mnemonic: its accounts hold test ether only. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/**
 * Dev account #0 deploys the platform on local chains; the server signs as #9 (the last account anvil funds) so the
 * two never race for nonces and #1–#8 stay free to play investors and officers in demos and tests.
 */
const DEV_AGENT_ACCOUNT_INDEX = 9;

/** Chains whose ids allow the development defaults (the public dev agent key, a master key file): local chains. */
export const LOCAL_CHAIN_IDS: readonly number[] = [31337];

/**
 * Stops start-up on any chain but a local one when the agent key is the public development key: anyone can sign
 * with it. Called once the chain id is known (the server has connected), with a one-line error naming the setting.
 */
export function refuseDevAgentKeyOffLocalChain(config: Pick<AgentConfig, "agentKeyIsDevDefault">, chainId: number): void {
  if (config.agentKeyIsDevDefault && !LOCAL_CHAIN_IDS.includes(chainId)) {
    throw new ConfigError(
      "FOLIO_AGENT_KEY",
      `must be set on chain ${chainId} (the server's 0x-prefixed 32-byte private key): the public development key is used on the local chain (${LOCAL_CHAIN_IDS.join(", ")}) only`,
    );
  }
}

/** Settings of the transaction outbox (server/src/outbox). */
export interface OutboxConfig {
  /** How often the worker looks for work when nothing wakes it. */
  readonly pollMs: number;
  /** A sent transaction not mined after this long is replaced with higher fees (same nonce). */
  readonly bumpAfterMs: number;
  /** Fee increase per replacement, in percent; nodes reject replacements below +10 %. */
  readonly bumpPercent: number;
  /** Ceiling on maxFeePerGas, in gwei: bumping stops there (the transaction keeps waiting). */
  readonly maxFeeGwei: number;
  /** Blocks on top of the receipt's block (itself included) before an entry is `confirmed`. */
  readonly confirmations: number;
  /** First back-off after a failed RPC call; it doubles up to 30 s. */
  readonly retryMs: number;
  /** Headroom added to the gas estimate, in percent. */
  readonly gasMarginPercent: number;
  /** An open entry older than this is reported as stuck (outboxEntries, /health). */
  readonly stuckAfterSeconds: number;
}

/** Holds a private key so that logging or serialising the config prints `[redacted]`, never the key. */
export class SecretKey extends Redacted {
  readonly #value: Hex;

  constructor(value: Hex) {
    super();
    this.#value = value;
  }

  reveal(): Hex {
    return this.#value;
  }
}

export interface AgentConfig {
  /** The server's hot key (0x + 32 bytes), which signs every on-chain write (through the outbox). */
  readonly agentKey: SecretKey;
  /**
   * True when FOLIO_AGENT_KEY was unset and the dev account #9 key is used (development and test only, and only on
   * a local chain: see refuseDevAgentKeyOffLocalChain).
   */
  readonly agentKeyIsDevDefault: boolean;
  readonly outbox: OutboxConfig;
}

/** Environment variables read by readAgentConfig; merged into the main config schema. */
export const agentEnvSchema = {
  FOLIO_AGENT_KEY: z.string().optional(),
  FOLIO_OUTBOX_POLL_MS: int(10, 60_000, 500),
  FOLIO_OUTBOX_BUMP_AFTER_MS: int(100, 3_600_000, 60_000),
  FOLIO_OUTBOX_BUMP_PERCENT: z.coerce.number().min(10, "must be at least 10 (nodes reject smaller replacements)").max(500, "must be at most 500").default(12.5),
  FOLIO_OUTBOX_MAX_FEE_GWEI: z.coerce.number().positive("must be a positive number of gwei").max(1_000_000, "must be at most 1000000").default(500),
  FOLIO_OUTBOX_CONFIRMATIONS: int(1, 1000, 1),
  FOLIO_OUTBOX_RETRY_MS: int(10, 60_000, 1000),
  FOLIO_OUTBOX_GAS_MARGIN_PERCENT: int(0, 200, 20),
  FOLIO_OUTBOX_STUCK_AFTER_SECONDS: int(1, 604_800, 900),
};

type AgentEnv = z.infer<z.ZodObject<typeof agentEnvSchema>>;

export function readAgentConfig(e: AgentEnv, env: "development" | "production" | "test"): AgentConfig {
  let agentKey: Hex;
  let agentKeyIsDevDefault = false;
  if (e.FOLIO_AGENT_KEY) {
    agentKey = parsePrivateKey(e.FOLIO_AGENT_KEY);
  } else if (env === "production") {
    throw new ConfigError("FOLIO_AGENT_KEY", "must be set in production (the server's 0x-prefixed 32-byte private key)");
  } else {
    const hdKey = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_AGENT_ACCOUNT_INDEX }).getHdKey();
    agentKey = bytesToHex(hdKey.privateKey!);
    agentKeyIsDevDefault = true;
  }
  const outbox: OutboxConfig = Object.freeze({
    pollMs: e.FOLIO_OUTBOX_POLL_MS,
    bumpAfterMs: e.FOLIO_OUTBOX_BUMP_AFTER_MS,
    bumpPercent: e.FOLIO_OUTBOX_BUMP_PERCENT,
    maxFeeGwei: e.FOLIO_OUTBOX_MAX_FEE_GWEI,
    confirmations: e.FOLIO_OUTBOX_CONFIRMATIONS,
    retryMs: e.FOLIO_OUTBOX_RETRY_MS,
    gasMarginPercent: e.FOLIO_OUTBOX_GAS_MARGIN_PERCENT,
    stuckAfterSeconds: e.FOLIO_OUTBOX_STUCK_AFTER_SECONDS,
  });
  return { agentKey: new SecretKey(agentKey), agentKeyIsDevDefault, outbox };
}

/** A valid secp256k1 private key; the error names the setting, never the value. */
function parsePrivateKey(value: string): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new ConfigError("FOLIO_AGENT_KEY", "must be a 0x-prefixed 32-byte hex private key");
  }
  try {
    privateKeyToAccount(value as Hex);
  } catch {
    throw new ConfigError("FOLIO_AGENT_KEY", "is not a valid secp256k1 private key");
  }
  return value.toLowerCase() as Hex;
}
