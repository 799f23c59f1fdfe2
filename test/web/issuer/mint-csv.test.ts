import { describe, expect, it } from "vitest";
import { batchMintRequest, mintLockedRequest, parseLockupDate } from "../../../web/src/issuer/lib/mint-call.ts";
import { parseMintCsv } from "../../../web/src/issuer/lib/mint-csv.ts";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("parseMintCsv", () => {
  it("reads wallet,amount rows in token units and totals them", () => {
    const result = parseMintCsv(`wallet,amount\n${A},100\n${B.toLowerCase()},2.5\n`, 6);
    expect(result.fileErrors).toEqual([]);
    expect(result.mints).toEqual([
      { wallet: A, amount: 100_000_000n },
      { wallet: B, amount: 2_500_000n },
    ]);
    expect(result.total).toBe(102_500_000n);
    expect(batchMintRequest(A, result.mints).args).toEqual([[A, B], [100_000_000n, 2_500_000n]]);
  });

  it("accepts the columns in either order, in any case, quoted, with a BOM and Windows line ends", () => {
    const result = parseMintCsv(`\uFEFFAmount,Wallet\r\n"1",${A}\r\n`, 0);
    expect(result.mints).toEqual([{ wallet: A, amount: 1n }]);
  });

  it("gives every bad row its file line and sends nothing while any row is bad", () => {
    const text = [`wallet,amount`, `${A},10`, ``, `0x123,5`, `${A.toLowerCase()},1`, `${B},1.0000001`, `${B.slice(0, -1)}d,0`, `,3`].join("\n");
    const result = parseMintCsv(text, 6);
    expect(result.mints).toEqual([]);
    expect(result.total).toBe(0n);
    expect(result.rows.map((r) => [r.line, r.errors])).toEqual([
      [2, []],
      [4, ['"0x123" is not a wallet address']],
      [5, ["this wallet is already on line 2"]],
      [6, ["At most 6 decimals"]],
      [7, [expect.stringContaining("has a wrong checksum"), "Enter an amount above zero"]],
      [8, ["the wallet is missing"]],
    ]);
  });

  it("refuses unquoted thousands separators, which split the row, and reads quoted ones", () => {
    const result = parseMintCsv(`wallet,amount\n${A},1,000\n`, 18);
    expect(result.rows[0]!.errors).toEqual(["has more cells than the header (write amounts without thousands separators)"]);
    expect(parseMintCsv(`wallet,amount\n${A},"1,000"\n`, 0).mints).toEqual([{ wallet: A, amount: 1000n }]);
  });

  it("explains a file without the header or without rows", () => {
    expect(parseMintCsv("", 18).fileErrors).toEqual(["The file is empty: it needs the header wallet,amount and one line per wallet"]);
    expect(parseMintCsv(`${A},1\n`, 18).fileErrors).toEqual([`Line 1: the first line must be the header wallet,amount (found: ${A},1)`]);
    expect(parseMintCsv("wallet,amount\n\n", 18).fileErrors).toEqual(["The file has a header but no wallets to mint to"]);
  });
});

describe("parseLockupDate", () => {
  const now = new Date("2026-12-02T06:00:00Z");

  it("releases locked tokens at the start of the chosen day, UTC; empty means no lock-up", () => {
    expect(parseLockupDate("2027-06-30", now)).toEqual({ ok: true, releaseTime: Date.UTC(2027, 5, 30) / 1000 });
    expect(parseLockupDate(" ", now)).toEqual({ ok: true, releaseTime: null });
    expect(mintLockedRequest(A, B, 5n, 1_800_000_000).args).toEqual([B, 5n, 1_800_000_000]);
  });

  it("refuses a day that is not in the future and dates that do not exist", () => {
    expect(parseLockupDate("2026-12-02", now)).toMatchObject({ ok: false, error: expect.stringContaining("after today") });
    expect(parseLockupDate("2027-02-30", now)).toEqual({ ok: false, error: "Enter a date such as 2027-06-30" });
    expect(parseLockupDate("30/06/2027", now)).toEqual({ ok: false, error: "Enter a date such as 2027-06-30" });
  });
});
