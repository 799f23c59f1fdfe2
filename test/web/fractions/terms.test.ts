import { decodeAbiParameters, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { buildTerms, certificateUri, encodeTerms, percentToBps, termsParameter, thresholdShares, type TermsDraft } from "../../../web/src/fractions/terms.ts";

const facts = {
  collection: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address,
  tokenId: 7n,
  metadataHash: `0x${"ab".repeat(32)}` as Hex,
  metadataUri: "ipfs://bafkreigh2akiscaildc",
};
const draft: TermsDraft = { name: "Shares of Water Lilies", symbol: "LILY16", shares: "1,000", thresholdPercent: "50", reservePrice: "5", maxBuyoutDays: "30" };

describe("vault terms from the Fractionalise form", () => {
  it("builds the terms with whole shares, the certificate's metadata, the reserve in cash base units and the duration in seconds", () => {
    const result = buildTerms(draft, facts, 6);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.terms).toMatchObject({
      name: "Shares of Water Lilies",
      symbol: "LILY16",
      decimals: 0,
      shares: 1000n,
      allocations: [],
      metadataHash: facts.metadataHash,
      metadataUri: facts.metadataUri,
      thresholdBps: 5000,
      reservePricePerShare: 5_000_000n,
      maxBuyoutDuration: 30n * 86_400n,
    });
    expect(result.terms.rules.maxBalance).toBe(0n);
  });

  it("names every bad field and builds nothing", () => {
    const result = buildTerms({ name: " ", symbol: "lily", shares: "0", thresholdPercent: "100.5", reservePrice: "1.1234567", maxBuyoutDays: "0" }, facts, 6);
    expect(result).toEqual({
      ok: false,
      errors: {
        name: "Enter the share token's name",
        symbol: "2 to 11 capital letters or digits, e.g. MONET1",
        shares: "Enter a whole number of shares above zero",
        thresholdPercent: "A percentage above 0 and at most 100, up to two decimals",
        reservePrice: "At most 6 decimals",
        maxBuyoutDays: "A whole number of days from 1 to 3,650",
      },
    });
    expect(buildTerms({ ...draft, shares: (2n ** 104n).toString() }, facts, 6)).toMatchObject({ ok: false, errors: { shares: "More shares than a token can record" } });
    expect(buildTerms({ ...draft, shares: "12.5" }, facts, 6)).toMatchObject({ ok: false, errors: { shares: "Enter a whole number of shares above zero" } });
  });

  it("encodes the terms as the vault decodes them (abi.decode(data, (Terms)))", () => {
    const result = buildTerms(draft, facts, 6);
    if (!result.ok) throw new Error("terms refused");
    const [decoded] = decodeAbiParameters([termsParameter()], encodeTerms(result.terms)) as unknown as [Record<string, unknown>];
    expect(decoded.symbol).toBe("LILY16");
    expect(decoded.shares).toBe(1000n);
    expect(decoded.metadataHash).toBe(facts.metadataHash);
    expect(decoded.thresholdBps).toBe(5000);
    expect(decoded.maxBuyoutDuration).toBe(2_592_000n);
    expect((decoded.rules as { countryMode: number }).countryMode).toBe(0);
  });

  it("reads percentages to basis points and rounds the threshold up as the vault does", () => {
    expect(percentToBps("50")).toBe(5000);
    expect(percentToBps("66.67")).toBe(6667);
    expect(percentToBps("100")).toBe(10_000);
    expect(percentToBps("0")).toBeNull();
    expect(percentToBps("100.01")).toBeNull();
    expect(percentToBps("12.345")).toBeNull();
    expect(percentToBps("-5")).toBeNull();
    expect(thresholdShares(1000n, 5000)).toBe(500n);
    expect(thresholdShares(3n, 5000)).toBe(2n);
    expect(thresholdShares(1000n, 6667)).toBe(667n);
  });

  it("names the certificate by its CAIP-19 id, with the contract in lower case as the vault writes it", () => {
    expect(certificateUri(31337, facts.collection, 7n)).toBe("eip155:31337/erc721:0x5fbdb2315678afecb367f032d93f642f64180aa3/7");
  });
});
