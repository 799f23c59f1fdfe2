import { BaseError, ContractFunctionRevertedError, decodeErrorResult, formatUnits, UserRejectedRequestError, type Hex } from "viem";
import { distributorAbi, fractionVaultAbi, securityTokenAbi, securityTokenOpsAbi, settlementAbi, tokenFactoryAbi } from "../../../deployments/abi/index.ts";
import { AgentPermission } from "../../../lib/agent-permissions.ts";
import { restrictionMessage } from "./restrictions.ts";
import { describeVaultRevert } from "./vault-errors.ts";

/** Every custom error the console's transactions can meet: tokens, their agent library, the factory, the Distributor, the Settlement. */
export const folioErrorsAbi = [...securityTokenAbi, ...securityTokenOpsAbi, ...tokenFactoryAbi, ...distributorAbi, ...settlementAbi, ...fractionVaultAbi].filter((item) => item.type === "error");

const date = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";

const PERMISSION_NAMES = Object.entries(AgentPermission).filter(([name]) => name !== "ALL");

function permissionNames(bits: number): string {
  const names = PERMISSION_NAMES.filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name.toLowerCase().replace("_", " "));
  return names.length ? names.join(", ") : `permission ${bits}`;
}

/** A decoded custom error in words; `decimals` formats amounts when known. */
export function describeRevert(errorName: string, args: readonly unknown[], decimals?: number): string {
  const amount = (value: unknown) => (decimals === undefined ? String(value) : formatUnits(BigInt(value as bigint), decimals));
  switch (errorName) {
    case "SecurityTokenTransferRestricted":
      return `The token refused: ${restrictionMessage(Number(args[0]))}`;
    case "SecurityTokenMissingPermission":
      return `${args[0]} is not an agent of this token with the ${permissionNames(Number(args[1]))} permission`;
    case "TokenFactoryNotIssuer":
      return `${args[0]} may not issue tokens: the factory's owner must allow it as an issuer first`;
    case "SecurityTokenRecipientNotVerified":
      return `${args[0]} is not a verified investor`;
    case "SecurityTokenInvalidCountry":
      return `${args[0]} is not an ISO 3166-1 country code`;
    case "SecurityTokenInvalidDocument":
      return "A document needs a name and a URI";
    case "SecurityTokenTooManyDocuments":
      return "A token keeps at most 64 documents";
    case "SecurityTokenInvalidMaxBalance":
      return "The maximum balance per investor is larger than a token can record";
    case "SecurityTokenSupplyOverflow":
      return "The total supply would exceed what the token can record";
    case "SecurityTokenInvalidLockup":
      return `The lock-up must end in the future (release time ${new Date(Number(args[0]) * 1000).toISOString().slice(0, 10)} has passed on chain)`;
    case "SecurityTokenTooManyLockups":
      return `${args[0]} already has as many lock-ups as a wallet can hold; mint without a lock-up or wait for one to end`;
    case "SecurityTokenLengthMismatch":
      return "The list of wallets and the list of amounts differ in length";
    case "ERC20InsufficientBalance":
      return `${args[0]} holds ${amount(args[1])}, less than the ${amount(args[2])} needed`;
    case "ERC20InvalidReceiver":
      return "The recipient is not a valid address";
    case "ERC7943InsufficientUnfrozenBalance":
      return `${args[0]} has only ${amount(args[2])} unfrozen of the ${amount(args[1])} needed`;
    case "EnforcedPause":
      return "The token is paused";
    case "OwnableUnauthorizedAccount":
      return `${args[0]} is not the owner`;
    case "DistributorClaimClosed":
      return `Round ${args[0]} closed for claims at ${date(args[1])}`;
    case "DistributorClaimOpen":
      return `Round ${args[0]} is open for claims until ${date(args[1])}; what is left can be reclaimed after that`;
    case "DistributorAlreadyClaimed":
      return `This entitlement of round ${args[0]} has already been claimed`;
    case "DistributorNotInvestorWallet":
      return `${args[0]} is not a wallet of the investor this entitlement belongs to`;
    case "DistributorWalletNotVerified":
      return `${args[0]} is not a verified investor wallet`;
    case "DistributorInsufficientFunds":
      return `Round ${args[0]} holds ${amount(args[1])}, less than the ${amount(args[2])} asked`;
    case "DistributorNothingToReclaim":
      return `Round ${args[0]} has nothing left to reclaim`;
    case "DistributorUnauthorized":
      return `${args[0]} is not the token's owner or an agent with the distribution permission`;
    case "DistributorFundingShortfall":
      return `The Distributor received ${amount(args[1])} of the ${amount(args[0])} sent: the cash token takes a fee on transfers`;
    case "SettlementOrderExpired":
      return `The order expired at ${date(args[1])}`;
    case "SettlementNonceUsed":
      return "The order was cancelled or already filled";
    case "SettlementTradingHalted":
      return `Trading of ${args[0]} is halted by an agent of the token`;
    case "SettlementLimitPriceExceeded":
      return "The trade would cost more than the order's limit price allows";
    default:
      return describeVaultRevert(errorName, args, decimals) ?? `The contract refused: ${words(errorName)}${args.length ? ` (${args.map(String).join(", ")})` : ""}`;
  }
}

/**
 * A failed wallet request or transaction in words: a decoded custom error of Folio's contracts, the wallet's
 * refusal, or viem's short message.
 */
export function describeTransactionError(error: unknown, decimals?: number): string {
  if (!(error instanceof BaseError)) return error instanceof Error ? error.message : String(error);
  if (error.walk((e) => e instanceof UserRejectedRequestError)) return "You declined the request in your wallet; nothing was sent";
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
  if (reverted?.data?.errorName) return describeRevert(reverted.data.errorName, reverted.data.args ?? [], decimals);
  const data = revertData(error);
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi: folioErrorsAbi, data });
      return describeRevert(decoded.errorName, decoded.args ?? [], decimals);
    } catch {
      // Not one of ours: fall through to viem's message.
    }
  }
  if (reverted?.reason) return `The contract refused: ${reverted.reason}`;
  return error.shortMessage || error.message;
}

/** The revert data anywhere in a viem error chain (RPC errors put it under `data`). */
function revertData(error: BaseError): Hex | null {
  let found: Hex | null = null;
  error.walk((e) => {
    // A revert the call's ABI could not decode keeps its bytes as `raw` (ContractFunctionRevertedError).
    const data = (e as { data?: unknown }).data ?? (e as { raw?: unknown }).raw;
    const hex = typeof data === "string" ? data : typeof (data as { data?: unknown })?.data === "string" ? (data as { data: string }).data : null;
    if (hex && /^0x[0-9a-fA-F]{8,}$/.test(hex)) found = hex as Hex;
    return false;
  });
  return found;
}

/** SecurityTokenTransferRestricted -> "security token transfer restricted" */
const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase();
