import { describe, expect, it } from "vitest";
import { buyoutDeadline, buyoutPhase, describeHolding, escrowFor, formatPrice, needsApproval, type BuyoutInfo, type VaultInfo } from "../../../web/src/fractions/buyout.ts";
import { parseCertificateId, parseVaultId } from "../../../web/src/fractions/paths.ts";

const ZERO = "0x0000000000000000000000000000000000000000" as const;
const vault = (status: number): VaultInfo => ({
  status,
  certificate: ZERO,
  certificateId: 1n,
  token: ZERO,
  curator: ZERO,
  metadataHash: `0x${"00".repeat(32)}`,
  shares: 1000n,
  thresholdShares: 500n,
  reservePricePerShare: 5_000_000n,
  maxBuyoutDuration: 30n * 86_400n,
});
const buyout = (over: Partial<BuyoutInfo> = {}): BuyoutInfo => ({ buyer: ZERO, cash: ZERO, deadline: 1_000n, unconditional: false, pricePerShare: 6_000_000n, acquired: 0n, tendered: 0n, ...over });
const FCASH = { symbol: "FCASH", decimals: 6 };
const SHARE = { symbol: "LILY16", decimals: 0 };

describe("buy-out phases", () => {
  it("follows the vault from locked to released", () => {
    expect(buyoutPhase(vault(1), buyout(), 10n)).toBe("locked");
    expect(buyoutPhase(vault(2), buyout(), 999n)).toBe("open");
    expect(buyoutPhase(vault(2), buyout(), 1_000n)).toBe("open");
    expect(buyoutPhase(vault(2), buyout(), 1_001n)).toBe("expired");
    expect(buyoutPhase(vault(2), buyout({ unconditional: true, acquired: 600n }), 5_000n)).toBe("unconditional");
    expect(buyoutPhase(vault(2), buyout({ unconditional: true, acquired: 1000n }), 5_000n)).toBe("complete");
    expect(buyoutPhase(vault(3), buyout({ unconditional: true, acquired: 1000n }), 5_000n)).toBe("released");
  });
});

describe("amounts", () => {
  it("escrows every share at the price, never rounded", () => {
    expect(escrowFor(1000n, 6_000_000n)).toBe(6_000_000_000n);
    expect(escrowFor(3n, 1n)).toBe(3n);
  });

  it("approves only when the allowance falls short", () => {
    expect(needsApproval(undefined, 1n)).toBe(true);
    expect(needsApproval(0n, 1n)).toBe(true);
    expect(needsApproval(5n, 5n)).toBe(false);
    expect(needsApproval(6n, 5n)).toBe(false);
  });

  it("says what a wallet has: shares, cash to claim, both, or nothing", () => {
    expect(describeHolding({ shares: 600n, sharesOwed: 0n, cashClaimable: 0n }, SHARE, FCASH)).toBe("600 LILY16");
    expect(describeHolding({ shares: 0n, sharesOwed: 0n, cashClaimable: 2_400_000_000n }, SHARE, FCASH)).toBe("2,400 FCASH to claim");
    expect(describeHolding({ shares: 1n, sharesOwed: 2n, cashClaimable: 500_000n }, SHARE, FCASH)).toBe("1 LILY16 and 2 LILY16 to claim from the vault and 0.5 FCASH to claim");
    expect(describeHolding({ shares: 0n, sharesOwed: 0n, cashClaimable: 0n }, SHARE, FCASH)).toBeNull();
    expect(formatPrice(6_000_000n, FCASH)).toBe("6 FCASH per share");
  });
});

describe("the buy-out's deadline", () => {
  it("counts whole days from the chain's time, within the terms", () => {
    expect(buyoutDeadline("14", 1_000n, 30n * 86_400n)).toEqual({ ok: true, deadline: 1_000n + 14n * 86_400n });
    expect(buyoutDeadline("31", 1_000n, 30n * 86_400n)).toEqual({ ok: false, error: "The terms let a buy-out stay open at most 30 days" });
    expect(buyoutDeadline("0", 1_000n, 30n * 86_400n)).toEqual({ ok: false, error: "Enter a whole number of days, at least 1" });
    expect(buyoutDeadline("1.5", 1_000n, 30n * 86_400n)).toEqual({ ok: false, error: "Enter a whole number of days, at least 1" });
  });
});

describe("page addresses", () => {
  it("reads vault and certificate ids from the URL, refusing anything else", () => {
    expect(parseVaultId("12")).toBe(12n);
    expect(parseVaultId("0")).toBeNull();
    expect(parseVaultId("1e3")).toBeNull();
    expect(parseCertificateId(`0x${"0".repeat(63)}7`)).toBe(7n);
    expect(parseCertificateId("42")).toBe(42n);
    expect(parseCertificateId("0xzz")).toBeNull();
  });
});
