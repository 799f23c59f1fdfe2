import { parseUnits } from "viem";

/** What parseTokenAmount answers: the amount in the token's smallest unit, or why the text is not one. */
export type AmountResult = { ok: true; value: bigint } | { ok: false; message: string };

const AMOUNT = /^(\d+)(?:\.(\d*))?$/;

/**
 * Reads an amount typed in token units ("1500", "2.25") for a token with `decimals` decimals. Refuses what viem's
 * parseUnits would silently round: more decimals than the token has. `allowZero` is for limits where 0 means none.
 */
export function parseTokenAmount(text: string, decimals: number, options: { allowZero?: boolean } = {}): AmountResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "Enter an amount" };
  const match = AMOUNT.exec(trimmed);
  if (!match) return { ok: false, message: `"${trimmed}" is not an amount: write digits with an optional decimal point, such as 100 or 2.5` };
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) {
    return {
      ok: false,
      message: decimals === 0
        ? "This token has no decimals: enter a whole number"
        : `This token has ${decimals} decimals: "${trimmed}" has ${fraction.length}`,
    };
  }
  const value = parseUnits(fraction ? `${match[1]}.${fraction}` : match[1]!, decimals);
  if (value === 0n && !options.allowZero) return { ok: false, message: "Enter an amount above 0" };
  return { ok: true, value };
}
