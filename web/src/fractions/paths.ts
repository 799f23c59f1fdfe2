import type { Address } from "viem";

/** The console's fractional-ownership pages. */
export const FRACTIONS_PATH = "/fractions";
export const vaultPath = (vaultId: bigint) => `${FRACTIONS_PATH}/vaults/${vaultId}`;
export const fractionalisePath = (collection: Address, tokenId: bigint) => `${FRACTIONS_PATH}/lock/${collection}/${certificateIdHex(tokenId)}`;

/** A certificate's token id as the content hash it is: 0x and 64 hex digits. */
export const certificateIdHex = (tokenId: bigint) => `0x${tokenId.toString(16).padStart(64, "0")}`;

/** A vault id from the URL, or null when it is not a positive whole number. */
export function parseVaultId(text: string | undefined): bigint | null {
  return text && /^[1-9]\d{0,20}$/.test(text) ? BigInt(text) : null;
}

/** A certificate id from the URL (0x + 64 hex digits, or decimal), or null. */
export function parseCertificateId(text: string | undefined): bigint | null {
  if (!text) return null;
  if (/^0x[0-9a-fA-F]{1,64}$/.test(text)) return BigInt(text);
  return /^\d{1,78}$/.test(text) ? BigInt(text) : null;
}

/** ArtworkTypes statuses of a certificate, by number. */
export const CERTIFICATE_STATUS: Record<number, string> = { 1: "Active", 2: "Lost", 3: "Stolen", 4: "Destroyed", 5: "Revoked" };
