import { parseUnits } from "viem";

export type ParsedAmount = { ok: true; value: bigint } | { ok: false; error: string };

/**
 * Reads an amount typed in token units ("1,250.5") into the token's smallest unit, or says what is wrong with it.
 * Never rounds: more decimals than the token has is an error.
 */
export function parseAmount(text: string, decimals: number, { allowZero = false } = {}): ParsedAmount {
  const cleaned = text.trim().replace(/[,_\s]/g, "");
  if (cleaned === "") return { ok: false, error: "Enter an amount" };
  if (!/^\d*\.?\d*$/.test(cleaned) || cleaned === ".") return { ok: false, error: "Enter a number, e.g. 1250.5" };
  const fraction = cleaned.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    return { ok: false, error: decimals === 0 ? "This token has no decimals: enter a whole number" : `At most ${decimals} decimals` };
  }
  const value = parseUnits(cleaned, decimals);
  if (value === 0n && !allowZero) return { ok: false, error: "Enter an amount above zero" };
  return { ok: true, value };
}
