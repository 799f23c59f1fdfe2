import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError } from "viem";

/** A failed transaction or call in words: the decoded custom error with its arguments, or what went wrong. */
export function describeTxError(error: unknown): string {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return "You rejected the request in your wallet.";
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (revert?.data?.errorName) {
      const args = (revert.data.args ?? []).map((a) => String(a)).join(", ");
      return `The contract refused: ${words(revert.data.errorName)}${args ? ` (${args})` : ""}.`;
    }
    if (revert?.reason) return `The contract refused: ${revert.reason}.`;
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** SecurityTokenTransferRestricted -> "security token transfer restricted" */
const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase();
