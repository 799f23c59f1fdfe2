import { describe, expect, it } from "vitest";
import { formatAmount, shortAddress } from "../../web/src/lib/format.ts";

describe("formatAmount", () => {
  it("groups thousands and keeps significant decimals", () => {
    expect(formatAmount("1000000000000000000000000", 18)).toBe("1,000,000");
    expect(formatAmount(1234567890000000000n, 18)).toBe("1.23456789");
    expect(formatAmount("0", 0)).toBe("0");
    expect(formatAmount("123456", 2)).toBe("1,234.56");
  });
});

describe("shortAddress", () => {
  it("keeps the prefix and the last four characters", () => {
    expect(shortAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")).toBe("0x5FbD…0aa3");
  });
});
