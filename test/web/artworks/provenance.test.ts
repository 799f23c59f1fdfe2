import { createHash } from "node:crypto";
import { hexToString } from "viem";
import { describe, expect, it } from "vitest";
import { detailsHash, formatEntryDate, formatSalePrice, parseEntryDate, parseSale, sha256Hex } from "../../../web/src/artworks/lib/provenance.ts";

describe("provenance entries as the chain records them", () => {
  it("hashes details and files with SHA-256, as any tool would", async () => {
    const text = "Exhibited: Paris, 2026";
    expect(await detailsHash(`  ${text}\n`)).toBe(`0x${createHash("sha256").update(text).digest("hex")}`);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await sha256Hex(bytes)).toBe(`0x${createHash("sha256").update(bytes).digest("hex")}`);
  });

  it("reads dates as YYYYMMDD and refuses impossible or future ones", () => {
    const today = new Date("2026-12-02T12:00:00Z");
    expect(parseEntryDate("2026-11-30", today)).toEqual({ ok: true, date: 20261130 });
    expect(parseEntryDate("2026-02-30", today)).toEqual({ ok: false, error: "Not a calendar date" });
    expect(parseEntryDate("2027-01-01", today)).toEqual({ ok: false, error: "The date cannot be in the future" });
    expect(parseEntryDate("", today)).toEqual({ ok: false, error: "Choose the date of the entry" });
    expect(formatEntryDate(18690700)).toBe("1869-07-00");
  });

  it("reads a sale price in the currency's minor units, never rounding", () => {
    const sale = parseSale({ price: "1,250,000.50", currency: "eur", lot: "42A" });
    expect(sale.ok && sale.sale.price).toBe(125_000_050n);
    expect(sale.ok && hexToString(sale.sale.currency)).toBe("EUR");
    expect(sale.ok && hexToString(sale.sale.lot).replace(/\0+$/, "")).toBe("42A");
    expect(parseSale({ price: "1000000", currency: "JPY", lot: "" })).toMatchObject({ ok: true, sale: { price: 1_000_000n } });
    expect(parseSale({ price: "10.5", currency: "JPY", lot: "" })).toEqual({ ok: false, errors: { price: "JPY has no minor unit: enter a whole amount" } });
    expect(parseSale({ price: "1.234", currency: "USD", lot: "" })).toEqual({ ok: false, errors: { price: "At most 2 decimals in USD" } });
    expect(parseSale({ price: "0", currency: "USD", lot: "" })).toEqual({ ok: false, errors: { price: "The price must be above zero" } });
    expect(parseSale({ price: "5", currency: "EURO", lot: "x".repeat(17) }).ok).toBe(false);
    expect(formatSalePrice(125_000_050n, "EUR")).toBe("1,250,000.50 EUR");
    expect(formatSalePrice(5n, "JPY")).toBe("5 JPY");
  });
});
