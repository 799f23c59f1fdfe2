import type { Address } from "viem";

/** The token id as the public pages write it: 0x followed by 64 hex digits (the metadata's SHA-256). */
export const tokenIdHex = (tokenId: bigint) => `0x${tokenId.toString(16).padStart(64, "0")}` as const;

/** The public verification page of a certificate (built at /verify/<collection>/<token id>), for the label's QR code. */
export const verificationUrl = (origin: string, collection: Address, tokenId: bigint) => `${origin}/verify/${collection}/${tokenIdHex(tokenId)}`;

/** "0x1234…abcd" for long hex ids in tables; the full id stays in the title and the certificate page. */
export const shortId = (hex: string) => (hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex);

/** Royalty basis points in percent words: 500 -> "5 %". */
export const bpsPercent = (bps: number) => `${(bps / 100).toLocaleString("en", { maximumFractionDigits: 2 })} %`;

/** The royalty field: whole basis points from 0 to 1,000 (10 %), or the problem. */
export function parseRoyaltyBps(text: string): { ok: true; bps: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, bps: 0 };
  if (!/^\d{1,5}$/.test(trimmed)) return { ok: false, error: "Enter whole basis points (100 bps = 1 %)" };
  const bps = Number(trimmed);
  if (bps > 1_000) return { ok: false, error: `At most 1,000 bps (10 %): ${bpsPercent(bps)} is above the cap` };
  return { ok: true, bps };
}
