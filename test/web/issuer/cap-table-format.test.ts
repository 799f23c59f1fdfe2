import { describe, expect, it } from "vitest";
import {
  chartValue, countryLabel, currentCursor, firstPage, formatBlockTime, formatShare, nextPage, pageNumber, parseRecordDate, previousPage, shortId,
  toRecordDateInput,
} from "../../../web/src/issuer/cap-table/cap-table-format.ts";

const NOW = new Date("2026-12-02T08:00:00Z");
/** 2026-12-02 07:20:15 UTC in Unix seconds. */
const T = BigInt(Date.UTC(2026, 11, 2, 7, 20, 15) / 1000);

describe("cap table formatting", () => {
  it("shows a share of the supply as a percentage with two decimals, rounded down", () => {
    expect(formatShare(1n, 4n)).toBe("25.00\u00a0%");
    expect(formatShare("2", "3")).toBe("66.66\u00a0%");
    expect(formatShare(10n, 10n)).toBe("100.00\u00a0%");
    expect(formatShare(1n, 100_000n)).toBe("<0.01\u00a0%");
    expect(formatShare(0n, 100n)).toBe("0.00\u00a0%");
    expect(formatShare(5n, 0n)).toBe("0.00\u00a0%");
    // uint256-sized amounts keep their precision.
    expect(formatShare(10n ** 40n, 3n * 10n ** 40n)).toBe("33.33\u00a0%");
  });

  it("shows a block time in UTC, in the form the record-date field reads back", () => {
    expect(formatBlockTime(T)).toBe("2026-12-02 07:20:15 UTC");
    expect(toRecordDateInput(String(T))).toBe("2026-12-02T07:20:15");
    expect(parseRecordDate(toRecordDateInput(T), NOW)).toEqual({ ok: true, recordTime: T });
  });

  it("shortens ids for chart axes and names countries, unlinked wallets included", () => {
    expect(shortId("0x1234567890abcdef1234567890abcdef12345678")).toBe("0x1234…5678");
    expect(countryLabel("DE")).toBe("Germany");
    expect(countryLabel(null)).toBe("No investor (unlinked wallets)");
    expect(chartValue("1500000000000000000", 18)).toBe(1.5);
  });
});

describe("parseRecordDate", () => {
  it("reads a date and time as UTC, with or without seconds", () => {
    expect(parseRecordDate("2026-06-30T17:00", NOW)).toEqual({ ok: true, recordTime: BigInt(Date.UTC(2026, 5, 30, 17) / 1000) });
    expect(parseRecordDate(" 2026-06-30T17:00:09 ", NOW)).toEqual({ ok: true, recordTime: BigInt(Date.UTC(2026, 5, 30, 17, 0, 9) / 1000) });
  });

  it("refuses an empty field, another format, a date that does not exist and a moment to come, with a message", () => {
    expect(parseRecordDate("", NOW)).toEqual({ ok: false, error: "Pick the record date and time (UTC)" });
    expect(parseRecordDate("30/06/2026", NOW)).toMatchObject({ ok: false, error: expect.stringContaining("such as 2026-06-30T17:00") });
    expect(parseRecordDate("2026-02-30T10:00", NOW)).toEqual({ ok: false, error: "This date does not exist" });
    expect(parseRecordDate("2026-01-01T24:00", NOW)).toEqual({ ok: false, error: "This date does not exist" });
    expect(parseRecordDate("2026-12-02T08:00:01", NOW)).toMatchObject({ ok: false, error: expect.stringContaining("in the past") });
    expect(parseRecordDate("2026-12-02T08:00:00", NOW).ok).toBe(true);
  });
});

describe("cap table pager", () => {
  it("remembers the cursor of every page seen, so Previous goes back one page at a time", () => {
    let p = firstPage();
    expect([pageNumber(p), currentCursor(p)]).toEqual([1, null]);
    p = nextPage(p, "c1");
    p = nextPage(p, "c2");
    expect([pageNumber(p), currentCursor(p)]).toEqual([3, "c2"]);
    p = previousPage(p);
    expect([pageNumber(p), currentCursor(p)]).toEqual([2, "c1"]);
    p = previousPage(previousPage(p));
    expect([pageNumber(p), currentCursor(p)]).toEqual([1, null]);
    // No next page: nothing changes.
    expect(nextPage(p, null)).toBe(p);
  });
});
