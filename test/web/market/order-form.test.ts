import { describe, expect, it } from "vitest";
import { allowanceNeeded, newNonce, orderCash, readOrderForm } from "../../../web/src/market/lib/order-form.ts";
import { describeOrder, formatCash, formatUtc } from "../../../web/src/market/lib/order-words.ts";
import { depthRows, spread } from "../../../web/src/market/lib/depth.ts";
import { chartCandles } from "../../../web/src/market/lib/candles.ts";

const FDS = { symbol: "FDS", decimals: 18 };
const FCASH = { symbol: "FCASH", decimals: 6 };
const RULES = { tickSize: 10_000n, lotSize: 10n ** 16n }; // 0.01 FCASH, 0.01 FDS
const E18 = 10n ** 18n;
const form = (side: "buy" | "sell", amount: string, price: string, rules = RULES) => readOrderForm({ side, amount, price, token: FDS, cash: FCASH, rules });

describe("the order form: amounts in lots, prices in ticks, exact cash totals", () => {
  it("reads a sell of 10 FDS at 12.50 into token units, cash units and an exact total", () => {
    expect(form("sell", "10", "12.50")).toEqual({ ok: true, side: "sell", amount: 10n * E18, price: 12_500_000n, cash: 125_000_000n });
    expect(form("buy", "1,000.25", "0.03")).toEqual({ ok: true, side: "buy", amount: 100_025n * 10n ** 16n, price: 30_000n, cash: 30_007_500n });
  });

  it("refuses a price off the tick and an amount off the lot, in words with the step", () => {
    expect(form("sell", "10", "12.505")).toEqual({ ok: false, errors: { price: "Prices move in steps of 0.01 FCASH: enter a multiple of it" } });
    expect(form("sell", "10.005", "12.50")).toEqual({ ok: false, errors: { amount: "Amounts are in lots of 0.01 FDS: enter a multiple of it" } });
  });

  it("refuses empty, zero, negative and over-precise values without rounding", () => {
    expect(form("buy", "", "")).toEqual({ ok: false, errors: { amount: "Enter an amount", price: "Enter a limit price" } });
    expect(form("buy", "0", "0")).toEqual({ ok: false, errors: { amount: "Enter an amount above zero", price: "Enter a price above zero" } });
    expect(form("buy", "-1", "1")).toMatchObject({ ok: false, errors: { amount: "Enter a number, e.g. 1250.5" } });
    expect(form("buy", "1", "1.0000001")).toMatchObject({ ok: false, errors: { price: "At most 6 decimals" } });
  });

  it("rounds a total the contract's way: up for what a buyer may pay, down for what a seller receives", () => {
    // 1 unit of an 18-decimal token at 1 cash unit: 10^-18 cash, 1 unit rounded up, 0 rounded down.
    expect(orderCash("buy", 1n, 1n, 18)).toBe(1n);
    expect(orderCash("sell", 1n, 1n, 18)).toBe(0n);
    expect(orderCash("buy", 3n * 10n ** 17n, 3n, 18)).toBe(1n);
    expect(orderCash("sell", 3n * 10n ** 17n, 3n, 18)).toBe(0n);
    expect(orderCash("buy", 10n * E18, 12_500_000n, 18)).toBe(125_000_000n);
    const fine = readOrderForm({ side: "buy", amount: "0.000000000000000001", price: "0.000001", token: FDS, cash: FCASH, rules: { tickSize: 1n, lotSize: 1n } });
    expect(fine).toEqual({ ok: true, side: "buy", amount: 1n, price: 1n, cash: 1n });
  });

  it("asks for an allowance covering the other open orders on the same side too", () => {
    const open = [{ amount: 5n * E18, filled: 2n * E18, price: 10_000_000n }];
    expect(allowanceNeeded("sell", { amount: 1n * E18, price: 1n }, open, 18)).toBe(4n * E18);
    expect(allowanceNeeded("buy", { amount: 1n * E18, price: 12_500_000n }, open, 18)).toBe(12_500_000n + 30_000_000n);
    expect(allowanceNeeded("buy", { amount: 1n * E18, price: 12_500_000n }, [], 18)).toBe(12_500_000n);
  });

  it("makes nonces that grow with time and differ within one millisecond", () => {
    expect(newNonce(1_700_000_000_000, 0)).toBe(1_700_000_000_000_000n);
    expect(newNonce(1_700_000_000_000, 0.999)).toBe(1_700_000_000_000_999n);
    expect(newNonce(1_700_000_000_001, 0)).toBeGreaterThan(newNonce(1_700_000_000_000, 0.999));
  });
});

describe("the order in words before signing", () => {
  const expiry = BigInt(Date.UTC(2026, 11, 3, 11, 0) / 1000);
  it("says what is sold, at what price, for how much in total, until when and to whom", () => {
    expect(describeOrder({ side: "sell", amount: 10n * E18, price: 12_500_000n, cash: 125_000_000n, expiry, taker: null }, FDS, FCASH))
      .toBe("You sell 10 FDS at 12.50 FCASH each, 125.00 FCASH in total, valid until 2026-12-03 11:00 UTC, to anyone.");
    expect(describeOrder({ side: "buy", amount: 25n * 10n ** 17n, price: 1_005_000n, cash: 2_512_500n, expiry, taker: null }, FDS, FCASH))
      .toBe("You buy 2.5 FDS at 1.005 FCASH each, 2.5125 FCASH in total (at most), valid until 2026-12-03 11:00 UTC, from anyone.");
  });

  it("formats cash with at least two decimals and thousands separators, and times in UTC", () => {
    expect(formatCash(1_234_500_000n, FCASH)).toBe("1,234.50");
    expect(formatCash(0n, FCASH)).toBe("0.00");
    expect(formatCash(1n, FCASH)).toBe("0.000001");
    expect(formatCash(7n, { symbol: "X", decimals: 0 })).toBe("7");
    expect(formatUtc(0)).toBe("1970-01-01 00:00 UTC");
  });
});

describe("the book's depth and the chart's candles", () => {
  it("accumulates depth from the best price and scales both sides against the deeper one", () => {
    const bids = [{ price: "2000000", amount: "3", orders: 1 }, { price: "1900000", amount: "1", orders: 2 }];
    const asks = [{ price: "2100000", amount: "8", orders: 1 }];
    const rows = depthRows(bids, asks);
    expect(rows.bids.map((r) => [r.cumulative, r.percent])).toEqual([[3n, 37.5], [4n, 50]]);
    expect(rows.asks.map((r) => [r.cumulative, r.percent])).toEqual([[8n, 100]]);
    expect(spread(bids, asks)).toBe(100_000n);
    expect(spread([], asks)).toBeNull();
    expect(depthRows([], [])).toEqual({ bids: [], asks: [] });
  });

  it("turns candles into chart numbers with UTC labels and their direction", () => {
    const [c] = chartCandles([{ time: Date.UTC(2026, 0, 1, 10, 5) / 1000, open: "2500000", high: "3000000", low: "2000000", close: "2000000", volume: (4n * E18).toString() }], 6, 18, "M5");
    expect(c).toMatchObject({ label: "01-01 10:05", open: 2.5, high: 3, low: 2, close: 2, range: [2, 3], volume: 4, up: false });
    expect(chartCandles([{ time: 0, open: "1", high: "1", low: "1", close: "1", volume: "1" }], 6, 18, "D1")[0]!.label).toBe("1970-01-01");
  });
});
