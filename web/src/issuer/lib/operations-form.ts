import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";
import { formatAmount } from "../../lib/format.ts";
import { parseAmount } from "../../ui/amount.ts";

/** The longest reason the server records, in characters (server/src/tokens/agent-actions.ts has the same limit). */
export const REASON_MAX = 500;

/** What is wrong with a reason, or null: it is required, and at most REASON_MAX characters. */
export function reasonError(text: string): string | null {
  const reason = text.trim();
  if (reason === "") return "Give the reason for this action: it is kept in the audit log";
  const length = [...reason].length;
  if (length > REASON_MAX) return `Use at most ${REASON_MAX} characters (this reason has ${length})`;
  return null;
}

/** A wallet typed into a field: checksummed, or the message to show next to it. */
export function parseWallet(text: string, what = "wallet"): { ok: true; wallet: Address } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!isAddress(trimmed, { strict: false })) return { ok: false, error: `Enter the ${what} address (0x followed by 40 hex digits)` };
  const wallet = getAddress(trimmed);
  if (wallet === zeroAddress) return { ok: false, error: "The zero address holds no tokens" };
  return { ok: true, wallet };
}

/** A token call built from a valid form, what it does in words, and the reason to record once it is confirmed. */
export interface AgentOperation {
  call: { address: Address; abi: typeof securityTokenAbi; functionName: string; args: readonly unknown[] };
  description: string;
  reason: string;
  permission: "FREEZE" | "FORCED_TRANSFER" | "RECOVERY";
}

export type OperationPlan<Field extends string> = { ok: true; operation: AgentOperation } | { ok: false; errors: Partial<Record<Field, string>> };

interface TokenInfo {
  address: Address;
  decimals: number;
  symbol: string;
}

/** Freeze or unfreeze a whole wallet (`setAddressFrozen`): a frozen wallet can neither send nor receive. */
export function planWalletFreeze(token: TokenInfo, input: { wallet: string; freeze: boolean; reason: string }): OperationPlan<"wallet" | "reason"> {
  const errors: Partial<Record<"wallet" | "reason", string>> = {};
  const wallet = parseWallet(input.wallet);
  if (!wallet.ok) errors.wallet = wallet.error;
  const reason = reasonError(input.reason);
  if (reason) errors.reason = reason;
  if (!wallet.ok || reason) return { ok: false, errors };
  return {
    ok: true,
    operation: {
      call: { address: token.address, abi: securityTokenAbi, functionName: "setAddressFrozen", args: [wallet.wallet, input.freeze] },
      description: input.freeze
        ? `freeze the wallet ${wallet.wallet}: it can neither send nor receive ${token.symbol}`
        : `unfreeze the wallet ${wallet.wallet}`,
      reason: input.reason.trim(),
      permission: "FREEZE",
    },
  };
}

/** Freeze or unfreeze part of a wallet's balance (`freezePartialTokens` / `unfreezePartialTokens`). */
export function planPartialFreeze(
  token: TokenInfo,
  input: { wallet: string; amount: string; freeze: boolean; reason: string },
): OperationPlan<"wallet" | "amount" | "reason"> {
  const errors: Partial<Record<"wallet" | "amount" | "reason", string>> = {};
  const wallet = parseWallet(input.wallet);
  if (!wallet.ok) errors.wallet = wallet.error;
  const amount = parseAmount(input.amount, token.decimals);
  if (!amount.ok) errors.amount = amount.error;
  const reason = reasonError(input.reason);
  if (reason) errors.reason = reason;
  if (!wallet.ok || !amount.ok || reason) return { ok: false, errors };
  const units = `${formatAmount(amount.value, token.decimals)} ${token.symbol}`;
  return {
    ok: true,
    operation: {
      call: {
        address: token.address,
        abi: securityTokenAbi,
        functionName: input.freeze ? "freezePartialTokens" : "unfreezePartialTokens",
        args: [wallet.wallet, amount.value],
      },
      description: input.freeze ? `freeze ${units} of the wallet ${wallet.wallet}` : `unfreeze ${units} of the wallet ${wallet.wallet}`,
      reason: input.reason.trim(),
      permission: "FREEZE",
    },
  };
}

/** Move tokens from one wallet to another without the holder's signature (`forcedTransfer`). */
export function planForcedTransfer(
  token: TokenInfo,
  input: { from: string; to: string; amount: string; reason: string },
): OperationPlan<"from" | "to" | "amount" | "reason"> {
  const errors: Partial<Record<"from" | "to" | "amount" | "reason", string>> = {};
  const from = parseWallet(input.from, "sending wallet's");
  if (!from.ok) errors.from = from.error;
  const to = parseWallet(input.to, "receiving wallet's");
  if (!to.ok) errors.to = to.error;
  else if (from.ok && from.wallet === to.wallet) errors.to = "The receiving wallet must differ from the sending wallet";
  const amount = parseAmount(input.amount, token.decimals);
  if (!amount.ok) errors.amount = amount.error;
  const reason = reasonError(input.reason);
  if (reason) errors.reason = reason;
  if (!from.ok || !to.ok || errors.to || !amount.ok || reason) return { ok: false, errors };
  return {
    ok: true,
    operation: {
      call: { address: token.address, abi: securityTokenAbi, functionName: "forcedTransfer", args: [from.wallet, to.wallet, amount.value] },
      description: `move ${formatAmount(amount.value, token.decimals)} ${token.symbol} from ${from.wallet} to ${to.wallet} (forced transfer)`,
      reason: input.reason.trim(),
      permission: "FORCED_TRANSFER",
    },
  };
}

/**
 * Move everything a lost wallet holds (balance, frozen amount, freeze flag, lock-ups) to a new wallet of the same
 * investor (`recoveryAddress`). The token asks the identity registry who the investor is; the third argument is only
 * echoed in its event, so the console passes the zero address.
 */
export function planRecovery(token: TokenInfo, input: { lost: string; newWallet: string; reason: string }): OperationPlan<"lost" | "newWallet" | "reason"> {
  const errors: Partial<Record<"lost" | "newWallet" | "reason", string>> = {};
  const lost = parseWallet(input.lost, "lost wallet's");
  if (!lost.ok) errors.lost = lost.error;
  const next = parseWallet(input.newWallet, "new wallet's");
  if (!next.ok) errors.newWallet = next.error;
  else if (lost.ok && lost.wallet === next.wallet) errors.newWallet = "The new wallet must differ from the lost wallet";
  const reason = reasonError(input.reason);
  if (reason) errors.reason = reason;
  if (!lost.ok || !next.ok || errors.newWallet || reason) return { ok: false, errors };
  return {
    ok: true,
    operation: {
      call: { address: token.address, abi: securityTokenAbi, functionName: "recoveryAddress", args: [lost.wallet, next.wallet, zeroAddress] },
      description: `move everything the lost wallet ${lost.wallet} holds of ${token.symbol} to ${next.wallet} (wallet recovery)`,
      reason: input.reason.trim(),
      permission: "RECOVERY",
    },
  };
}
