import { stringToHex, type Hex } from "viem";

/** Provenance kinds (ArtworkTypes.PROVENANCE_*); sales go through recordSale. */
export const PROVENANCE_KINDS: readonly { value: number; label: string }[] = [
  { value: 1, label: "Custody" },
  { value: 2, label: "Loan" },
  { value: 3, label: "Exhibition" },
  { value: 4, label: "Condition report" },
  { value: 5, label: "Sale" },
];

export const PROVENANCE_SALE = 5;
export const PROVENANCE_CONDITION_REPORT = 4;

export const provenanceKindName = (kind: number) => PROVENANCE_KINDS.find((k) => k.value === kind)?.label ?? `Kind ${kind}`;

/** SHA-256 of bytes as 0x + 64 hex digits: the document hash the chain records (computed in the browser). */
export async function sha256Hex(data: BufferSource): Promise<Hex> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return `0x${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The document hash of written details: SHA-256 of their UTF-8 text, trimmed (line endings as typed). */
export const detailsHash = (details: string) => sha256Hex(new TextEncoder().encode(details.trim()));

/** "2026-11-30" (a date input) as the chain's YYYYMMDD number, or the problem. */
export function parseEntryDate(text: string, today = new Date()): { ok: true; date: number } | { ok: false; error: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return { ok: false, error: "Choose the date of the entry" };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || year < 1) return { ok: false, error: "Not a calendar date" };
  if (date.getTime() > today.getTime()) return { ok: false, error: "The date cannot be in the future" };
  return { ok: true, date: year * 10_000 + month * 100 + day };
}

/** 20261130 -> "2026-11-30" (00 for an unknown month or day stays visible as such). */
export const formatEntryDate = (date: number) =>
  `${String(Math.floor(date / 10_000)).padStart(4, "0")}-${String(Math.floor(date / 100) % 100).padStart(2, "0")}-${String(date % 100).padStart(2, "0")}`;

/** Digits after the decimal point of an ISO 4217 currency (2 for EUR, 0 for JPY); null for an unknown code. */
export function currencyDigits(code: string): number | null {
  if (!/^[A-Z]{3}$/.test(code)) return null;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return null;
  }
}

export interface SaleFields {
  price: bigint;
  currency: Hex;
  lot: Hex;
}

/**
 * A sale's price (in the currency's major units, "1250000" or "1,250,000.50"), ISO 4217 currency and lot number
 * (ASCII, at most 16 characters; empty for a private sale) as recordSale takes them: the price in minor units.
 */
export function parseSale(input: { price: string; currency: string; lot: string }):
  { ok: true; sale: SaleFields } | { ok: false; errors: Partial<Record<"price" | "currency" | "lot", string>> } {
  const errors: Partial<Record<"price" | "currency" | "lot", string>> = {};
  const currency = input.currency.trim().toUpperCase();
  const digits = currencyDigits(currency);
  if (digits === null) errors.currency = "Enter a three-letter ISO 4217 currency code, e.g. EUR, USD, GBP";
  const price = input.price.trim().replace(/,/g, "");
  let minor: bigint | null = null;
  const match = /^(\d{1,30})(?:\.(\d+))?$/.exec(price);
  if (!match) errors.price = "Enter the hammer or sale price, e.g. 1250000 or 1,250,000.50";
  else if (digits !== null) {
    const fraction = match[2] ?? "";
    if (fraction.length > digits) errors.price = digits === 0 ? `${currency} has no minor unit: enter a whole amount` : `At most ${digits} decimals in ${currency}`;
    else minor = BigInt(match[1]! + fraction.padEnd(digits, "0"));
    if (minor === 0n) errors.price = "The price must be above zero";
  }
  const lot = input.lot.trim();
  if (lot.length > 16 || !/^[\x20-\x7e]*$/.test(lot)) errors.lot = "At most 16 plain ASCII characters (letters, digits, punctuation)";
  if (Object.keys(errors).length || minor === null) return { ok: false, errors };
  return { ok: true, sale: { price: minor, currency: stringToHex(currency, { size: 3 }), lot: stringToHex(lot, { size: 16 }) } };
}

/** A recorded sale price for people: 125000050 minor units of EUR -> "1,250,000.50 EUR". */
export function formatSalePrice(price: bigint, currency: string): string {
  const digits = currencyDigits(currency) ?? 2;
  const text = price.toString().padStart(digits + 1, "0");
  const whole = BigInt(text.slice(0, text.length - digits) || "0").toLocaleString("en");
  return `${digits ? `${whole}.${text.slice(text.length - digits)}` : whole} ${currency}`;
}
