import { describe, expect, it } from "vitest";
import { parseAmount } from "../../web/src/ui/amount.ts";
import { formatAmount } from "../../web/src/lib/format.ts";

describe("amounts typed in token units", () => {
  it("reads whole and decimal amounts into the smallest unit with the token's decimals", () => {
    expect(parseAmount("1250.5", 18)).toEqual({ ok: true, value: 1_250_500_000_000_000_000_000n });
    expect(parseAmount("1,000", 6)).toEqual({ ok: true, value: 1_000_000_000n });
    expect(parseAmount(" 0.000001 ", 6)).toEqual({ ok: true, value: 1n });
    expect(parseAmount("7", 0)).toEqual({ ok: true, value: 7n });
  });

  it("never rounds: more decimals than the token has is an error", () => {
    expect(parseAmount("0.0000001", 6)).toEqual({ ok: false, error: "At most 6 decimals" });
    expect(parseAmount("1.5", 0)).toEqual({ ok: false, error: "This token has no decimals: enter a whole number" });
  });

  it("refuses empty, non-numeric, negative and zero amounts", () => {
    expect(parseAmount("", 18)).toEqual({ ok: false, error: "Enter an amount" });
    expect(parseAmount("12abc", 18)).toEqual({ ok: false, error: "Enter a number, e.g. 1250.5" });
    expect(parseAmount("-1", 18)).toEqual({ ok: false, error: "Enter a number, e.g. 1250.5" });
    expect(parseAmount(".", 18)).toEqual({ ok: false, error: "Enter a number, e.g. 1250.5" });
    expect(parseAmount("0", 18)).toEqual({ ok: false, error: "Enter an amount above zero" });
    expect(parseAmount("0", 18, { allowZero: true })).toEqual({ ok: true, value: 0n });
  });

  it("formats back to what was typed", () => {
    const parsed = parseAmount("1250.5", 18);
    expect(parsed.ok && formatAmount(parsed.value, 18)).toBe("1,250.5");
  });
});
