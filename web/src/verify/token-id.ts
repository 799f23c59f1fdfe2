/**
 * A token id from the verification URL: 0x and 64 hex digits (as the QR label prints it, the SHA-256 of the
 * metadata) or a decimal integer below 2^256. Returns it as a decimal string (the API's BigInt), or null.
 */
export function parseTokenId(text: string): string | null {
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return BigInt(text).toString();
  if (/^[0-9]{1,78}$/.test(text)) {
    const value = BigInt(text);
    return value < 2n ** 256n ? value.toString() : null;
  }
  return null;
}

/** The token id as 0x and 64 lowercase hex digits. */
export const tokenIdHex = (decimal: string) => `0x${BigInt(decimal).toString(16).padStart(64, "0")}`;

export const isAddressText = (text: string) => /^0x[0-9a-fA-F]{40}$/.test(text);

/** The certificate a verification link names: its collection and its token id in decimal (the API's BigInt). */
export type CertificateLink = { collection: `0x${string}`; tokenId: string };

/** The certificate a verification link's two parts name, or null for a bad link. */
export function parseCertificateLink(collection: string, tokenIdText: string): CertificateLink | null {
  const tokenId = parseTokenId(tokenIdText);
  return isAddressText(collection) && tokenId !== null ? { collection: collection as `0x${string}`, tokenId } : null;
}

/** The two parts of a /verify/<collection>/<token id> path, as written (empty when missing). */
export function splitVerifyPath(pathname: string): { collection: string; tokenId: string } {
  const [, collection = "", tokenId = ""] = /^\/verify\/([^/]*)\/([^/]*)\/?$/.exec(pathname) ?? [];
  return { collection, tokenId };
}
