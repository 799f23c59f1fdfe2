/** SHA-256 in the browser (WebCrypto) and the IPFS CID a certificate's tokenURI ends with, without a library. */

export const webCryptoAvailable = () => typeof crypto !== "undefined" && Boolean(crypto.subtle);

/** Lowercase hex SHA-256 of the bytes, no 0x. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** RFC 4648 base32, lowercase, unpadded: the multibase "b" alphabet. */
function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** CIDv1, raw codec (0x55), sha2-256 multihash (0x12, 32 bytes), base32: "bafkrei…" (ArtworkCid.sol does the same). */
export function cidOfSha256Hex(hex: string): string {
  const digest = hex.replace(/^0x/, "").match(/../g)!.map((h) => parseInt(h, 16));
  return `b${base32(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest]))}`;
}
