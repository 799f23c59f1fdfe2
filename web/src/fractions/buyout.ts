import { formatAmount } from "../lib/format.ts";

/** IFractionVault.Status, by its index. */
export const VAULT_STATUS = ["none", "locked", "buyout", "released"] as const;
export type VaultStatus = (typeof VAULT_STATUS)[number];

/** vaultOf(vaultId), as viem returns it. */
export interface VaultInfo {
  status: number;
  certificate: `0x${string}`;
  certificateId: bigint;
  token: `0x${string}`;
  curator: `0x${string}`;
  metadataHash: `0x${string}`;
  shares: bigint;
  thresholdShares: bigint;
  reservePricePerShare: bigint;
  maxBuyoutDuration: bigint;
}

/** buyoutOf(vaultId), as viem returns it. */
export interface BuyoutInfo {
  buyer: `0x${string}`;
  cash: `0x${string}`;
  deadline: bigint;
  unconditional: boolean;
  pricePerShare: bigint;
  acquired: bigint;
  tendered: bigint;
}

/**
 * Where a vault's buy-out is: none open (`locked`), open before its threshold (`open`), past its deadline without
 * reaching the threshold (`expired`: anyone may end it), past the threshold (`unconditional`: the rest is
 * redeemed), every share in (`complete`: the buyer may take the certificate), or the certificate released.
 */
export type BuyoutPhase = "locked" | "open" | "expired" | "unconditional" | "complete" | "released";

export function buyoutPhase(vault: VaultInfo, buyout: BuyoutInfo, nowSeconds: bigint): BuyoutPhase {
  const status = VAULT_STATUS[vault.status] ?? "none";
  if (status === "released") return "released";
  if (status !== "buyout") return "locked";
  if (buyout.acquired === vault.shares) return "complete";
  if (buyout.unconditional) return "unconditional";
  return nowSeconds > buyout.deadline ? "expired" : "open";
}

/** The whole escrow of a buy-out at `pricePerShare`: every share × price, never rounded. */
export const escrowFor = (shares: bigint, pricePerShare: bigint): bigint => shares * pricePerShare;

/** An approval is sent only when the allowance does not already cover the amount. */
export const needsApproval = (allowance: bigint | null | undefined, amount: bigint): boolean => (allowance ?? 0n) < amount;

export interface Units {
  symbol: string;
  decimals: number;
}

/** What one wallet has in a vault: shares it holds, shares the vault owes it, cash the vault keeps for it. */
export interface Holding {
  shares: bigint;
  sharesOwed: bigint;
  cashClaimable: bigint;
}

/**
 * A holding in words ("600 MONET1", "2,400 FCASH to claim", both joined), or null when the wallet has nothing in
 * this vault: the page says what each party has, and the vault never leaves a holder with neither.
 */
export function describeHolding(h: Holding, share: Units, cash: Units | null): string | null {
  const parts: string[] = [];
  if (h.shares > 0n) parts.push(`${formatAmount(h.shares, share.decimals)} ${share.symbol}`);
  if (h.sharesOwed > 0n) parts.push(`${formatAmount(h.sharesOwed, share.decimals)} ${share.symbol} to claim from the vault`);
  if (h.cashClaimable > 0n && cash) parts.push(`${formatAmount(h.cashClaimable, cash.decimals)} ${cash.symbol} to claim`);
  return parts.length ? parts.join(" and ") : null;
}

/** The price in words: per whole share, in the cash token's units (shares have 0 decimals on the pages). */
export const formatPrice = (pricePerShare: bigint, cash: Units): string => `${formatAmount(pricePerShare, cash.decimals)} ${cash.symbol} per share`;

/** A chain time in UTC, "2026-12-16 11:20 UTC". */
export const formatUtc = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";

/** "50 %" from basis points. */
export const formatBps = (bps: number | bigint): string => `${(Number(bps) / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })} %`;

/** The buy-out's deadline `days` whole days after `nowSeconds` (the chain's latest block), if within the terms. */
export function buyoutDeadline(daysText: string, nowSeconds: bigint, maxDuration: bigint): { ok: true; deadline: bigint } | { ok: false; error: string } {
  const cleaned = daysText.trim();
  if (!/^\d+$/.test(cleaned) || BigInt(cleaned) === 0n) return { ok: false, error: "Enter a whole number of days, at least 1" };
  const seconds = BigInt(cleaned) * 86_400n;
  if (seconds > maxDuration) return { ok: false, error: `The terms let a buy-out stay open at most ${maxDuration / 86_400n} days` };
  return { ok: true, deadline: nowSeconds + seconds };
}
