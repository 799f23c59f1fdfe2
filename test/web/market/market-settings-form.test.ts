import { describe, expect, it } from "vitest";
import { getAddress } from "viem";
import { AgentPermission } from "../../../lib/agent-permissions.ts";
import { mayChangeMarket, readMarketSettingsForm, smallestLot } from "../../../web/src/issuer/market/market-settings-form.ts";
import { ApiError } from "../../../web/src/api/graphql.ts";
import { describeMarketError } from "../../../web/src/market/lib/market-errors.ts";

const TOKEN = { address: getAddress("0x1111111111111111111111111111111111111111"), symbol: "FDS", decimals: 18 };
const CASH_ADDRESS = "0x2222222222222222222222222222222222222222";
const FCASH = { symbol: "FCASH", decimals: 6 };
const read = (input: Partial<{ cashToken: string; tick: string; lot: string; enabled: boolean }>, cash: typeof FCASH | null = FCASH) =>
  readMarketSettingsForm({ cashToken: CASH_ADDRESS, tick: "0.01", lot: "0.0001", enabled: true, ...input }, TOKEN, cash);

describe("the issuer's market settings", () => {
  it("reads the price step in cash units and the lot in token units", () => {
    expect(read({})).toEqual({ ok: true, cashToken: getAddress(CASH_ADDRESS), tickSize: 10_000n, lotSize: 10n ** 14n, enabled: true });
    expect(read({ tick: "0.5", lot: "1", enabled: false })).toEqual({ ok: true, cashToken: getAddress(CASH_ADDRESS), tickSize: 500_000n, lotSize: 10n ** 18n, enabled: false });
  });

  it("refuses a lot whose price at one step is a fraction of a cash unit, naming the smallest lot (the server's rule)", () => {
    expect(read({ tick: "0.01", lot: "0.00001" })).toEqual({ ok: false, errors: {
      lot: "A lot of 0.00001 FDS at one price step of 0.01 FCASH would cost a fraction of the cash token's smallest unit: use a lot that is a multiple of 0.0001 FDS",
    } });
    expect(smallestLot(10_000n, 18)).toBe(10n ** 14n);
    expect(smallestLot(1n, 18)).toBe(10n ** 18n);
    expect(smallestLot(10n ** 18n, 18)).toBe(1n);
  });

  it("refuses a missing, malformed or self-referencing cash token and one that is no ERC-20", () => {
    expect(read({ cashToken: "" })).toMatchObject({ ok: false, errors: { cashToken: "Enter the cash token's address" } });
    expect(read({ cashToken: "0x12" })).toMatchObject({ ok: false, errors: { cashToken: "Enter a token address: 0x followed by 40 hex digits" } });
    expect(read({ cashToken: TOKEN.address })).toMatchObject({ ok: false, errors: { cashToken: "A token cannot trade against itself: enter the cash token's address" } });
    expect(read({}, null)).toMatchObject({ ok: false, errors: { cashToken: "This address is not an ERC-20 token on this chain (it has no symbol or decimals)" } });
  });

  it("refuses empty, zero and over-precise steps and lots", () => {
    expect(read({ tick: "", lot: "" })).toEqual({ ok: false, errors: { tick: "Enter the price step", lot: "Enter the lot size" } });
    expect(read({ tick: "0", lot: "0" })).toEqual({ ok: false, errors: { tick: "Enter an amount above zero", lot: "Enter an amount above zero" } });
    expect(read({ tick: "0.0000001" })).toMatchObject({ ok: false, errors: { tick: "At most 6 decimals" } });
  });
});

describe("who is offered the market settings form", () => {
  const OWNER = "0x3333333333333333333333333333333333333333";
  const RULES_AGENT = "0x4444444444444444444444444444444444444444";
  const OTHER_AGENT = "0x5555555555555555555555555555555555555555";
  const LEGACY_AGENT = "0x6666666666666666666666666666666666666666";
  const token = {
    owner: OWNER,
    agents: [
      { address: RULES_AGENT, permissions: AgentPermission.RULES | AgentPermission.MINT },
      { address: OTHER_AGENT, permissions: AgentPermission.ALL & ~AgentPermission.RULES },
      { address: LEGACY_AGENT, permissions: null },
    ],
  };

  it("offers it to the owner and to agents holding RULES (an agent without Folio's bits holds every power), whatever the address's case", () => {
    expect(mayChangeMarket(token, OWNER)).toBe(true);
    expect(mayChangeMarket(token, getAddress(RULES_AGENT))).toBe(true);
    expect(mayChangeMarket(token, LEGACY_AGENT)).toBe(true);
  });

  it("does not offer it to an agent without RULES, to anyone else, or to no one signed in", () => {
    expect(mayChangeMarket(token, OTHER_AGENT)).toBe(false);
    expect(mayChangeMarket(token, CASH_ADDRESS)).toBe(false);
    expect(mayChangeMarket(token, null)).toBe(false);
    expect(mayChangeMarket({ owner: null, agents: [] }, OWNER)).toBe(false);
  });
});

describe("market refusals in words", () => {
  it("gives the common server refusals a sentence and keeps the server's message as detail", () => {
    const e = new ApiError("The price must be a multiple of the tick size 10000", "MARKET_PRICE_OFF_TICK");
    expect(describeMarketError(e)).toEqual({ text: "The price is not a whole number of price steps (ticks) for this market.", detail: "The price must be a multiple of the tick size 10000" });
    const other = new ApiError("Something else", "OTHER", undefined, "do this");
    expect(describeMarketError(other)).toEqual({ text: "Something else", detail: "do this" });
    expect(describeMarketError(new Error("User rejected the request.")).text).toBe("You declined the signature in your wallet: nothing was placed.");
  });
});
