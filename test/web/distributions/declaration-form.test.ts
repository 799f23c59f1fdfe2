import { describe, expect, it } from "vitest";
import {
  emptyDraft,
  fieldOfServerError,
  formatRate,
  parseDeclaration,
  parseLocalDateTime,
  parseRate,
  parseWalletList,
  toLocalDateTime,
  type DeclarationContext,
  type DeclarationDraft,
} from "../../../web/src/issuer/distributions/declaration-form.ts";
import { toContractCall } from "../../../web/src/issuer/distributions/unsigned-call.ts";
import { encodeFunctionData, erc20Abi } from "viem";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const CASH = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const INVESTOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const NOW = new Date("2026-12-02T12:00:00Z");
const HOUR = 3_600_000;

const context = (over: Partial<DeclarationContext> = {}): DeclarationContext => ({
  token: TOKEN,
  demoCashToken: CASH,
  cashDecimals: 6,
  now: NOW,
  latestIndexedBlock: 120,
  ...over,
});

/** A draft that parses: 1,000 FCASH, record an hour ago, deadline in 30 days, 15 % by default, 26.38 % for Germany. */
const goodDraft = (over: Partial<DeclarationDraft> = {}): DeclarationDraft => ({
  ...emptyDraft(),
  amount: "1,000.5",
  recordDate: toLocalDateTime(new Date(NOW.getTime() - HOUR)),
  deadline: toLocalDateTime(new Date(NOW.getTime() + 30 * 24 * HOUR)),
  defaultRate: "15",
  countryRates: [{ key: 1, countries: ["DE", "AT"], rate: "26.38" }],
  excludedWallets: `${INVESTOR.toLowerCase()}\n${INVESTOR}`,
  ...over,
});

describe("parseRate", () => {
  it("reads a percentage into basis points without rounding", () => {
    expect(parseRate("15")).toEqual({ ok: true, bps: 1500 });
    expect(parseRate("26.38")).toEqual({ ok: true, bps: 2638 });
    expect(parseRate(" 0.5 %")).toEqual({ ok: true, bps: 50 });
    expect(parseRate("12,5")).toEqual({ ok: true, bps: 1250 });
    expect(parseRate("100")).toEqual({ ok: true, bps: 10_000 });
    expect(parseRate(".25")).toEqual({ ok: true, bps: 25 });
  });

  it("refuses a third decimal, a rate above 100 % and words", () => {
    expect(parseRate("26.375")).toEqual({ ok: false, error: "At most two decimals: rates are kept in basis points (0.01 %)" });
    expect(parseRate("100.01")).toEqual({ ok: false, error: "A rate is at most 100 %" });
    expect(parseRate("-5").ok).toBe(false);
    expect(parseRate("fifteen")).toEqual({ ok: false, error: "Enter a rate in percent, e.g. 15 or 26.38" });
  });

  it("treats an empty rate as none only where that is allowed", () => {
    expect(parseRate("", { allowEmpty: true })).toEqual({ ok: true, bps: 0 });
    expect(parseRate("  ").ok).toBe(false);
  });

  it("formats basis points back as a percentage", () => {
    expect(formatRate(1500)).toBe("15 %");
    expect(formatRate(2638)).toBe("26.38 %");
    expect(formatRate(50)).toBe("0.5 %");
    expect(formatRate(0)).toBe("0 %");
  });
});

describe("parseLocalDateTime", () => {
  it("reads the browser's datetime-local values, with or without seconds, and round-trips toLocalDateTime", () => {
    const date = new Date(2026, 11, 2, 9, 30);
    expect(parseLocalDateTime(toLocalDateTime(date))?.getTime()).toBe(date.getTime());
    expect(parseLocalDateTime("2026-12-02T09:30:15")?.getTime()).toBe(new Date(2026, 11, 2, 9, 30, 15).getTime());
  });

  it("refuses anything else", () => {
    expect(parseLocalDateTime("")).toBeNull();
    expect(parseLocalDateTime("2026-12-02")).toBeNull();
    expect(parseLocalDateTime("tomorrow")).toBeNull();
  });
});

describe("parseWalletList", () => {
  it("reads addresses separated by lines, commas or spaces, checksummed and without repeats", () => {
    expect(parseWalletList(`${INVESTOR.toLowerCase()}, ${INVESTOR}\n\n${TOKEN}`)).toEqual({ ok: true, wallets: [INVESTOR, TOKEN] });
    expect(parseWalletList("  ")).toEqual({ ok: true, wallets: [] });
  });

  it("names the first entry that is not an address", () => {
    expect(parseWalletList(`${INVESTOR}\n0x1234`)).toEqual({ ok: false, error: 'Entry 2, "0x1234", is not a wallet address (0x followed by 40 hex digits)' });
  });
});

describe("parseDeclaration", () => {
  it("builds declareDistribution's input from a good draft, in cash-token units and Unix seconds", () => {
    const parsed = parseDeclaration(goodDraft(), context());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.amount).toBe(1_000_500_000n);
    expect(parsed.input).toEqual({
      token: TOKEN,
      cashToken: CASH,
      amount: "1000500000",
      recordTime: String(Math.floor((NOW.getTime() - HOUR) / 60_000) * 60),
      deadline: String(Math.floor((NOW.getTime() + 30 * 24 * HOUR) / 60_000) * 60),
      withholding: { defaultBps: 1500, rules: [{ bps: 2638, country: "DE" }, { bps: 2638, country: "AT" }] },
      excludedWallets: [INVESTOR],
    });
  });

  it("sends a record block instead of a time when the block is chosen", () => {
    const parsed = parseDeclaration(goodDraft({ recordMode: "block", recordBlock: "120" }), context());
    expect(parsed.ok && parsed.input.recordBlock).toBe(120);
    expect(parsed.ok && "recordTime" in parsed.input).toBe(false);
  });

  it("uses another ERC-20 token when its address is given", () => {
    const parsed = parseDeclaration(goodDraft({ cashChoice: "other", cashAddress: INVESTOR.toLowerCase() }), context());
    expect(parsed.ok && parsed.input.cashToken).toBe(INVESTOR);
  });

  it("puts a message next to every wrong field at once", () => {
    const parsed = parseDeclaration(
      {
        ...emptyDraft(),
        amount: "12.3456789",
        recordDate: toLocalDateTime(new Date(NOW.getTime() + 2 * HOUR)),
        deadline: toLocalDateTime(new Date(NOW.getTime() + 10 * 60_000)),
        defaultRate: "120",
        countryRates: [
          { key: 4, countries: [], rate: "10" },
          { key: 5, countries: ["FR"], rate: "1.234" },
        ],
        excludedWallets: "not-a-wallet",
      },
      context(),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: {
        amount: "At most 6 decimals",
        record: "The record date must be in the past: holders are read from the indexed blocks",
        deadline: "The claim deadline must be at least an hour from now, so the round can be funded first",
        defaultRate: "A rate is at most 100 %",
        countryRates: {
          4: { countries: "Choose at least one country, or remove this rate" },
          5: { rate: "At most two decimals: rates are kept in basis points (0.01 %)" },
        },
        excludedWallets: 'Entry 1, "not-a-wallet", is not a wallet address (0x followed by 40 hex digits)',
      },
    });
  });

  it("asks for every required field of an empty form", () => {
    const parsed = parseDeclaration({ ...emptyDraft() }, context());
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toMatchObject({
      amount: "Enter an amount",
      record: "Choose the record date and time",
      deadline: "Choose the claim deadline's date and time",
    });
  });

  it("refuses a zero amount and one larger than a round holds", () => {
    expect(parseDeclaration(goodDraft({ amount: "0" }), context())).toMatchObject({ ok: false, errors: { amount: "Enter an amount above zero" } });
    expect(parseDeclaration(goodDraft({ amount: "1" + "0".repeat(40) }), context())).toMatchObject({ ok: false, errors: { amount: "This amount is larger than a round can hold" } });
  });

  it("refuses a country given two rates", () => {
    const parsed = parseDeclaration(goodDraft({ countryRates: [{ key: 1, countries: ["DE"], rate: "10" }, { key: 2, countries: ["FR", "DE"], rate: "12" }] }), context());
    expect(parsed).toMatchObject({ ok: false, errors: { countryRates: { 2: { countries: "Germany already has a rate above" } } } });
  });

  it("refuses a record block the indexer has not reached and a block that is not a number", () => {
    expect(parseDeclaration(goodDraft({ recordMode: "block", recordBlock: "121" }), context())).toMatchObject({
      ok: false, errors: { record: "Block 121 is not indexed yet: the latest indexed block is 120" },
    });
    expect(parseDeclaration(goodDraft({ recordMode: "block", recordBlock: "12.5" }), context())).toMatchObject({ ok: false, errors: { record: "Enter a block number (a whole number)" } });
  });

  it("refuses a cash token that is not an address, is the security token, does not answer, or is missing on this chain", () => {
    expect(parseDeclaration(goodDraft({ cashChoice: "other", cashAddress: "0xabc" }), context())).toMatchObject({
      ok: false, errors: { cashToken: "Enter the cash token's contract address (0x followed by 40 hex digits)" },
    });
    expect(parseDeclaration(goodDraft({ cashChoice: "other", cashAddress: TOKEN }), context())).toMatchObject({
      ok: false, errors: { cashToken: "The cash token cannot be the security token itself" },
    });
    expect(parseDeclaration(goodDraft(), context({ cashDecimals: null }))).toMatchObject({
      ok: false, errors: { cashToken: `${CASH} does not answer as an ERC-20 token (decimals, symbol): check the address` },
    });
    expect(parseDeclaration(goodDraft(), context({ demoCashToken: null }))).toMatchObject({
      ok: false, errors: { cashToken: "This chain has no demo cash token: choose another ERC-20 token" },
    });
  });

  it("puts the server's refusals next to the field they concern", () => {
    expect(fieldOfServerError("DISTRIBUTION_INVALID_DEADLINE")).toBe("deadline");
    expect(fieldOfServerError("DISTRIBUTION_RECORD_BLOCK_NOT_INDEXED")).toBe("record");
    expect(fieldOfServerError("DISTRIBUTION_INVALID_CASH_TOKEN")).toBe("cashToken");
    expect(fieldOfServerError("FORBIDDEN")).toBeNull();
  });
});

describe("toContractCall", () => {
  const approve = { to: CASH, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [TOKEN, 5n] }), value: "0", description: "approve" } as const;

  it("decodes a server-built transaction into the call the wallet signs", () => {
    const call = toContractCall(approve, [CASH]);
    expect(call).toMatchObject({ address: CASH, functionName: "approve", args: [TOKEN, 5n] });
  });

  it("refuses a transaction to another contract, with ether, or calling an unknown function", () => {
    expect(() => toContractCall(approve, [TOKEN])).toThrow(/not to the round's contracts/);
    expect(() => toContractCall({ ...approve, value: "1" }, [CASH])).toThrow(/ether/);
    expect(() => toContractCall({ ...approve, data: "0xdeadbeef" }, [CASH])).toThrow();
  });
});
