/**
 * What a node's answer to `eth_sendRawTransaction` (or a gas estimate) means for the transaction:
 * - known: the node already has these bytes, or mined them: the broadcast succeeded;
 * - nonce-used: the nonce is already mined (by these bytes or by another transaction: the caller checks which);
 * - underpriced: the fees are too low for the pool or the base fee: replace it with higher fees later;
 * - permanent: these bytes can never be mined (gas above the block limit, below the intrinsic cost, bad
 *   signature or chain id): retrying them only holds their nonce forever;
 * - transient: anything else (network errors, timeouts, 5xx, rate limits, a full pool, missing funds): retry.
 */
export type BroadcastOutcome = "known" | "nonce-used" | "underpriced" | "permanent" | "transient";

const KNOWN = /already[ _]?known|already imported|known transaction|already in (the )?(tx)?pool|transaction already exists/i;
const NONCE_USED = /nonce[ _]?too[ _]?low|nonce has already been used|nonce is too low|old nonce/i;
const GAS_ABOVE_LIMIT = /exceeds block gas limit|gas limit reached|gas_limit > env\.block\.gas_limit|intrinsic gas too high|gas required exceeds allowance/i;
const PERMANENT = new RegExp(
  [
    GAS_ABOVE_LIMIT.source,
    "intrinsic gas too low",
    "requires at least \\d+ gas but got",
    "invalid sender",
    "invalid signature",
    "invalid chain ?id",
    "chain ?id mismatch",
    "incorrect chain ?id",
    "(transaction|tx) type not supported",
    "oversized data",
    "max priority fee per gas higher than max fee per gas",
    "tip above fee cap",
    "fee cap (higher|greater) than 2\\^256",
    "exceeds the configured cap",
  ].join("|"),
  "i",
);
const UNDERPRICED = /underpriced|fee too low|max fee per gas less than block base fee|fee cap less than (block )?base fee|gas price too low|gas price below minimum|too low for the next block/i;

/** Classifies a broadcast error by the node's message (nodes differ in wording; the patterns cover geth, Nethermind, Erigon, Besu, anvil and Hardhat). */
export function classifyBroadcastError(error: unknown): BroadcastOutcome {
  const text = errorText(error);
  if (KNOWN.test(text)) return "known";
  if (NONCE_USED.test(text)) return "nonce-used";
  if (PERMANENT.test(text)) return "permanent";
  if (UNDERPRICED.test(text)) return "underpriced";
  return "transient";
}

/** True when a gas estimate (or broadcast) failed because the call needs more gas than a block holds. */
export function exceedsBlockGasLimit(error: unknown): boolean {
  return GAS_ABOVE_LIMIT.test(errorText(error));
}

/** Every message a viem error carries (short message, details, full text) and those of its causes. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { shortMessage?: string; details?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (typeof e === "string") {
      parts.push(e);
      break;
    }
    for (const part of [e.shortMessage, e.details, e.message]) if (typeof part === "string") parts.push(part);
  }
  return parts.join("\n");
}
