import { getAddress, isAddress, type Address } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";
import { parseAmount } from "../../ui/amount.ts";

export interface TransferFormErrors {
  recipient?: string;
  amount?: string;
}

export type TransferForm =
  | { ok: true; to: Address; amount: bigint }
  | { ok: false; errors: TransferFormErrors };

/**
 * Reads the transfer form: a recipient address other than the sending wallet and an amount in token units. What the
 * token itself would refuse (unverified recipient, frozen, locked, over a limit) is left to its pre-flight check,
 * which answers with the token's own reason.
 */
export function readTransferForm(input: { recipient: string; amount: string; from: Address | undefined; decimals: number }): TransferForm {
  const errors: TransferFormErrors = {};
  const recipient = input.recipient.trim();
  if (recipient === "") errors.recipient = "Enter the recipient's wallet address";
  else if (!isAddress(recipient)) errors.recipient = "Enter a wallet address: 0x followed by 40 hex digits";
  else if (input.from && getAddress(recipient) === getAddress(input.from)) errors.recipient = "This is the sending wallet: enter another address";
  const amount = parseAmount(input.amount, input.decimals);
  if (!amount.ok) errors.amount = amount.error;
  if (errors.recipient || !amount.ok) return { ok: false, errors };
  return { ok: true, to: getAddress(recipient), amount: amount.value };
}

/** `transfer(to, amount)` on a token, from the connected wallet. */
export function transferRequest(token: Address, to: Address, amount: bigint) {
  return { address: token, abi: securityTokenAbi, functionName: "transfer", args: [to, amount] } as const;
}
