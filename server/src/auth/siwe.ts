import { isHex, type Hex } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import type { Chain } from "../chain/chain.ts";
import { FolioError } from "../errors.ts";
import { NONCE_TTL_SECONDS } from "./nonces.ts";

/** Clocks of wallets and servers drift; a message issued slightly "in the future" is still accepted. */
const CLOCK_SKEW_MS = 60_000;
const MAX_MESSAGE_CHARS = 4096;
// ERC-6492 signatures of undeployed smart wallets carry deployment calldata, hence far more than 65 bytes.
const MAX_SIGNATURE_HEX_CHARS = 20_000;

export interface SiweExpectation {
  /** The origin users sign in at (FOLIO_PUBLIC_URL): the message's domain must be its host, its URI on it. */
  publicUrl: string;
  chain: Chain;
  now?: Date;
}

export interface VerifiedSignIn {
  address: Hex;
  nonce: string;
}

const invalid = (code: string, message: string, cause?: unknown) => new FolioError(code, message, { cause });

/**
 * Checks an EIP-4361 message and its signature: domain, URI, chain id, version, issued-at, expiry and not-before,
 * then the signature through the chain's client (EOAs, ERC-1271 and ERC-6492 contract wallets). It does not
 * consume the nonce; the caller does that once this passes.
 */
export async function verifySignIn(message: string, signature: string, expected: SiweExpectation): Promise<VerifiedSignIn> {
  const now = expected.now ?? new Date();
  if (typeof message !== "string" || message.length > MAX_MESSAGE_CHARS) {
    throw invalid("SIWE_MESSAGE_INVALID", `The sign-in message must be an EIP-4361 message of at most ${MAX_MESSAGE_CHARS} characters`);
  }
  if (!isHex(signature, { strict: true }) || signature.length > MAX_SIGNATURE_HEX_CHARS || signature.length < 4) {
    throw invalid("SIWE_SIGNATURE_INVALID", "The signature must be a 0x-prefixed hex string");
  }
  const fields = parseSiweMessage(message);
  const issuedAt = fields.issuedAt;
  if (!fields.address || !fields.domain || !fields.uri || !fields.nonce || fields.version !== "1" || fields.chainId === undefined || !issuedAt) {
    throw invalid("SIWE_MESSAGE_INVALID", "The sign-in message is not a complete EIP-4361 message (domain, address, URI, version 1, chain id, nonce, issued-at)");
  }
  for (const [name, date] of [["Issued At", issuedAt], ["Expiration Time", fields.expirationTime], ["Not Before", fields.notBefore]] as const) {
    if (date && Number.isNaN(date.getTime())) throw invalid("SIWE_MESSAGE_INVALID", `The sign-in message's ${name} is not an RFC 3339 date-time`);
  }

  const site = new URL(expected.publicUrl);
  if (fields.domain !== site.host || (fields.scheme !== undefined && `${fields.scheme}:` !== site.protocol)) {
    throw invalid("SIWE_DOMAIN_MISMATCH", `The sign-in message is for ${fields.domain}, not for ${site.host}`);
  }
  let uriOrigin: string | null = null;
  try {
    uriOrigin = new URL(fields.uri).origin;
  } catch {
    // handled below
  }
  if (uriOrigin !== site.origin) throw invalid("SIWE_URI_MISMATCH", `The sign-in message's URI must be on ${site.origin}`);
  if (fields.chainId !== expected.chain.chainId) {
    throw invalid("SIWE_CHAIN_MISMATCH", `The sign-in message is for chain ${fields.chainId}; this server runs on chain ${expected.chain.chainId}`);
  }

  const t = now.getTime();
  if (issuedAt.getTime() > t + CLOCK_SKEW_MS || issuedAt.getTime() < t - NONCE_TTL_SECONDS * 1000 - CLOCK_SKEW_MS) {
    throw invalid("SIWE_ISSUED_AT_INVALID", "The sign-in message's Issued At is in the future or older than its nonce's lifetime");
  }
  if (fields.expirationTime && fields.expirationTime.getTime() <= t) throw invalid("SIWE_EXPIRED", "The sign-in message has expired");
  if (fields.notBefore && fields.notBefore.getTime() > t) throw invalid("SIWE_NOT_YET_VALID", "The sign-in message is not valid yet (Not Before)");

  let valid: boolean;
  try {
    valid = await verifySiweMessage(expected.chain.client, { message, signature, domain: site.host, nonce: fields.nonce, time: now });
  } catch (cause) {
    if (isTransportError(cause)) throw new FolioError("CHAIN_UNREACHABLE", "Cannot reach the chain to verify the signature", { cause });
    valid = false;
  }
  if (!valid) throw invalid("SIWE_SIGNATURE_INVALID", "The signature does not match the sign-in message and its address");
  return { address: fields.address, nonce: fields.nonce };
}

function isTransportError(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.name === "HttpRequestError" || e.name === "WebSocketRequestError" || e.name === "TimeoutError") return true;
  }
  return false;
}
