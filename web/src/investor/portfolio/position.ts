/** One lock-up lot as the token's `lockupsOf` returns it: an amount that cannot move before `releaseTime` (Unix s). */
export interface Lockup {
  amount: bigint;
  releaseTime: bigint;
}

/** What one wallet holds of one token, as read from the token. */
export interface WalletHolding {
  wallet: `0x${string}`;
  balance: bigint;
  /** ERC-7943 `getFrozenTokens`: the partially frozen amount. */
  frozen: bigint;
  /** ERC-3643 `isFrozen`: the whole wallet is frozen and can send nothing. */
  walletFrozen: boolean;
  lockups: readonly Lockup[];
}

/** A wallet's position: balance, frozen, locked (with its release dates) and what it is free to move now. */
export interface Position {
  balance: bigint;
  frozen: bigint;
  locked: bigint;
  free: bigint;
  walletFrozen: boolean;
  /** Unreleased lock-ups, soonest first, one entry per release time. */
  releases: Lockup[];
}

/**
 * The token's own arithmetic (SecurityTokenOps.spendableBalanceOf): a lot is locked while its release time is after
 * the chain's time; free = balance − frozen − locked, never below zero; a frozen wallet can move nothing.
 */
export function positionOf(holding: WalletHolding, chainTime: bigint): Position {
  const releases = mergeReleases(holding.lockups.filter((lot) => lot.releaseTime > chainTime));
  const locked = releases.reduce((sum, lot) => sum + lot.amount, 0n);
  const held = holding.frozen + locked;
  const free = holding.walletFrozen || held >= holding.balance ? 0n : holding.balance - held;
  return { balance: holding.balance, frozen: holding.frozen, locked, free, walletFrozen: holding.walletFrozen, releases };
}

/** The sum of several wallets' positions (one investor's wallets of one token). */
export function totalPosition(positions: readonly Position[]): Position {
  const sum = (pick: (p: Position) => bigint) => positions.reduce((total, p) => total + pick(p), 0n);
  return {
    balance: sum((p) => p.balance),
    frozen: sum((p) => p.frozen),
    locked: sum((p) => p.locked),
    free: sum((p) => p.free),
    walletFrozen: positions.length > 0 && positions.every((p) => p.walletFrozen),
    releases: mergeReleases(positions.flatMap((p) => p.releases)),
  };
}

/** Lots that release at the same time, added together, soonest first. */
function mergeReleases(lots: readonly Lockup[]): Lockup[] {
  const byTime = new Map<bigint, bigint>();
  for (const lot of lots) byTime.set(lot.releaseTime, (byTime.get(lot.releaseTime) ?? 0n) + lot.amount);
  return [...byTime.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([releaseTime, amount]) => ({ amount, releaseTime }));
}

/** A release time in UTC: "2027-03-01" at midnight (as the issuer's lock-up dates are), else "2027-03-01 14:30 UTC". */
export function formatReleaseTime(seconds: bigint): string {
  const iso = new Date(Number(seconds) * 1000).toISOString();
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 16)];
  return time === "00:00" && iso.slice(17, 19) === "00" ? date : `${date} ${time} UTC`;
}

/** Whether the investor holds anything of the token in any wallet (a position to show). */
export const holdsAnything = (positions: readonly Position[]) => positions.some((p) => p.balance > 0n || p.releases.length > 0);
