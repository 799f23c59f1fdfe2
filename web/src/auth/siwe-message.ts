import { createSiweMessage } from "viem/siwe";

/**
 * The EIP-4361 message the server accepts: this page's host and origin (the server's public URL), the chain it works
 * on and its single-use nonce, valid for five minutes.
 */
export function buildSignInMessage({ address, chainId, nonce, origin, now = new Date() }: {
  address: `0x${string}`;
  chainId: number;
  nonce: string;
  /** The page's origin, e.g. http://127.0.0.1:4000 */
  origin: string;
  now?: Date;
}): string {
  const site = new URL(origin);
  return createSiweMessage({
    domain: site.host,
    address,
    statement: "Sign in to Folio",
    uri: `${site.origin}/`,
    version: "1",
    chainId,
    nonce,
    issuedAt: now,
    expirationTime: new Date(now.getTime() + 5 * 60_000),
  });
}
