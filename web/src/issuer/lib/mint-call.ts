import type { Address } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";

/** `mint(to, amount)` on a token (the caller needs the MINT permission). */
export function mintRequest(token: Address, to: Address, amount: bigint) {
  return { address: token, abi: securityTokenAbi, functionName: "mint", args: [to, amount] } as const;
}

/** `batchMint(wallets, amounts)`: one transaction; any refused row reverts it whole. */
export function batchMintRequest(token: Address, mints: readonly { wallet: Address; amount: bigint }[]) {
  return {
    address: token,
    abi: securityTokenAbi,
    functionName: "batchMint",
    args: [mints.map((m) => m.wallet), mints.map((m) => m.amount)],
  } as const;
}

/** `mintLocked(to, amount, releaseTime)`: the tokens cannot move before `releaseTime` (seconds since 1970). */
export function mintLockedRequest(token: Address, to: Address, amount: bigint, releaseTime: number) {
  return { address: token, abi: securityTokenAbi, functionName: "mintLocked", args: [to, amount, releaseTime] } as const;
}

/**
 * Reads the optional lock-up date of a mint ("2027-06-30", as a date input gives it): the tokens are released at the
 * start of that day, UTC. Empty means no lock-up; a day that is not in the future is refused (the token would revert).
 */
export function parseLockupDate(text: string, now: Date): { ok: true; releaseTime: number | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, releaseTime: null };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== trimmed) return { ok: false, error: "Enter a date such as 2027-06-30" };
  if (time <= now.getTime()) return { ok: false, error: "Choose a day after today: the lock-up ends at the start of that day (UTC)" };
  return { ok: true, releaseTime: time / 1000 };
}
