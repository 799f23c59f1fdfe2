import { describe, expect, it } from "vitest";
import { parseTokenAmount } from "../../../web/src/issuer/lib/amount.ts";

describe("parseTokenAmount", () => {
  it("reads whole and decimal amounts in token units into the smallest unit", () => {
    expect(parseTokenAmount("1500", 18)).toEqual({ ok: true, value: 1500n * 10n ** 18n });
    expect(parseTokenAmount(" 2.25 ", 6)).toEqual({ ok: true, value: 2_250_000n });
    expect(parseTokenAmount("7", 0)).toEqual({ ok: true, value: 7n });
    expect(parseTokenAmount("1.50", 1)).toEqual({ ok: true, value: 15n });
  });

  it("refuses more decimals than the token has instead of rounding them away", () => {
    expect(parseTokenAmount("1.234", 2)).toEqual({ ok: false, message: 'This token has 2 decimals: "1.234" has 3' });
    expect(parseTokenAmount("1.5", 0)).toEqual({ ok: false, message: "This token has no decimals: enter a whole number" });
  });

  it("refuses text, negative numbers, separators and zero with a clear message", () => {
    expect(parseTokenAmount("", 18)).toEqual({ ok: false, message: "Enter an amount" });
    expect(parseTokenAmount("-5", 18).ok).toBe(false);
    expect(parseTokenAmount("1,000", 18)).toMatchObject({ ok: false, message: expect.stringContaining("is not an amount") });
    expect(parseTokenAmount("1e18", 18).ok).toBe(false);
    expect(parseTokenAmount("0", 18)).toEqual({ ok: false, message: "Enter an amount above 0" });
    expect(parseTokenAmount("0", 18, { allowZero: true })).toEqual({ ok: true, value: 0n });
  });
});
