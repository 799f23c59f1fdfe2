import { describe, expect, it } from "vitest";
import { formatReleaseTime, holdsAnything, positionOf, totalPosition, type WalletHolding } from "../../../web/src/investor/portfolio/position.ts";

const NOW = 1_800_000_000n;
const DAY = 86_400n;
const WALLET = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const holding = (h: Partial<WalletHolding>): WalletHolding => ({ wallet: WALLET, balance: 0n, frozen: 0n, walletFrozen: false, lockups: [], ...h });

describe("a wallet's position in a token", () => {
  it("is free to move in full when nothing is frozen or locked", () => {
    expect(positionOf(holding({ balance: 1_000n }), NOW)).toEqual({ balance: 1_000n, frozen: 0n, locked: 0n, free: 1_000n, walletFrozen: false, releases: [] });
  });

  it("frees the balance less the frozen and the locked amounts", () => {
    const p = positionOf(holding({ balance: 1_000n, frozen: 150n, lockups: [{ amount: 300n, releaseTime: NOW + DAY }] }), NOW);
    expect(p.locked).toBe(300n);
    expect(p.free).toBe(550n);
  });

  it("counts a lot as released from its release time on, as the token does (locked while releaseTime > now)", () => {
    const lots = [{ amount: 100n, releaseTime: NOW }, { amount: 200n, releaseTime: NOW - DAY }, { amount: 400n, releaseTime: NOW + 1n }];
    const p = positionOf(holding({ balance: 700n, lockups: lots }), NOW);
    expect(p.locked).toBe(400n);
    expect(p.free).toBe(300n);
    expect(p.releases).toEqual([{ amount: 400n, releaseTime: NOW + 1n }]);
  });

  it("lists unreleased lots soonest first, adding lots that release at the same time", () => {
    const lots = [
      { amount: 50n, releaseTime: NOW + 30n * DAY },
      { amount: 20n, releaseTime: NOW + DAY },
      { amount: 5n, releaseTime: NOW + 30n * DAY },
    ];
    expect(positionOf(holding({ balance: 75n, lockups: lots }), NOW).releases).toEqual([
      { amount: 20n, releaseTime: NOW + DAY },
      { amount: 55n, releaseTime: NOW + 30n * DAY },
    ]);
  });

  it("never shows a negative free amount when frozen and locked tokens overlap the balance", () => {
    const p = positionOf(holding({ balance: 100n, frozen: 80n, lockups: [{ amount: 60n, releaseTime: NOW + DAY }] }), NOW);
    expect(p.free).toBe(0n);
    expect(p.locked).toBe(60n);
    expect(p.frozen).toBe(80n);
  });

  it("has nothing free in a frozen wallet, whatever its balance", () => {
    const p = positionOf(holding({ balance: 500n, walletFrozen: true }), NOW);
    expect(p.free).toBe(0n);
    expect(p.walletFrozen).toBe(true);
  });
});

describe("an investor's total over several wallets", () => {
  it("adds balances, frozen, locked and free amounts and merges the release dates", () => {
    const a = positionOf(holding({ balance: 1_000n, frozen: 100n, lockups: [{ amount: 200n, releaseTime: NOW + DAY }] }), NOW);
    const b = positionOf(holding({ balance: 300n, lockups: [{ amount: 300n, releaseTime: NOW + DAY }, { amount: 0n, releaseTime: NOW - DAY }] }), NOW);
    const total = totalPosition([a, b]);
    expect(total).toMatchObject({ balance: 1_300n, frozen: 100n, locked: 500n, free: 700n, walletFrozen: false });
    expect(total.releases).toEqual([{ amount: 500n, releaseTime: NOW + DAY }]);
  });

  it("is empty for no wallets", () => {
    expect(totalPosition([])).toEqual({ balance: 0n, frozen: 0n, locked: 0n, free: 0n, walletFrozen: false, releases: [] });
  });

  it("shows a token only when some wallet holds it", () => {
    expect(holdsAnything([positionOf(holding({}), NOW)])).toBe(false);
    expect(holdsAnything([positionOf(holding({}), NOW), positionOf(holding({ balance: 1n }), NOW)])).toBe(true);
  });
});

describe("a release date", () => {
  it("reads as a UTC day for a lock-up that ends at midnight, as the issuer's mint form sets them", () => {
    expect(formatReleaseTime(BigInt(Date.UTC(2027, 2, 1) / 1000))).toBe("2027-03-01");
  });

  it("keeps the time of day otherwise", () => {
    expect(formatReleaseTime(BigInt(Date.UTC(2027, 2, 1, 14, 30, 15) / 1000))).toBe("2027-03-01 14:30 UTC");
  });
});
