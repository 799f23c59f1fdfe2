import { formatUnits } from "viem";
import { restrictionMessage } from "./restrictions.ts";

const STATUS_WORDS = ["does not exist", "is locked with no buy-out open", "has a buy-out open", "is released: its certificate went to the buyer"];
const date = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";

/**
 * A FractionVault error in words, or null for any other error. `decimals`: the cash token's, for prices and cash
 * amounts (shares are whole on the console's vaults).
 */
export function describeVaultRevert(errorName: string, args: readonly unknown[], decimals?: number): string | null {
  const cash = (value: unknown) => (decimals === undefined ? String(value) : formatUnits(BigInt(value as bigint), decimals));
  switch (errorName) {
    case "FractionVaultNotCurator":
      return `${args[0]} is not a curator of the fraction vault: the platform owner allows the auction houses and galleries that may lock certificates`;
    case "FractionVaultCertificateNotAllowed":
      return `The fraction vault does not accept certificates of ${args[0]}`;
    case "FractionVaultCertificateLocked":
      return `The certificate is locked in vault ${args[0]}`;
    case "FractionVaultNotVerified":
      return `The fraction vault ${args[0]} is not a verified investor of the platform's registry, so it could not receive tendered shares; a KYC agent must register it first`;
    case "FractionVaultInvalidTerms":
      return `The terms are not valid: ${String(args[0])}`;
    case "FractionVaultMintRefused":
      return `The share token refuses ${args[0]} as a holder: ${restrictionMessage(Number(args[1]))}`;
    case "FractionVaultUnknownVault":
      return `There is no vault ${args[0]}`;
    case "FractionVaultWrongStatus":
      return `Vault ${args[0]} ${STATUS_WORDS[Number(args[1])] ?? "is in another state"}`;
    case "FractionVaultInvalidCash":
      return `${args[0]} cannot be the buy-out's cash: it must be an ERC-20 token other than the shares`;
    case "FractionVaultPriceBelowReserve":
      return `The price of ${cash(args[0])} per share is below the terms' reserve price of ${cash(args[1])} per share`;
    case "FractionVaultPriceOverflow":
      return "The price times the number of shares is larger than a token amount can be";
    case "FractionVaultInvalidDeadline":
      return `The deadline ${date(args[0])} is in the past or further away than the terms allow`;
    case "FractionVaultBuyerNotEligible":
      return `${args[0]} may not hold the shares: only a verified investor the share token accepts can buy the work out`;
    case "FractionVaultCashShortfall":
      return `The vault received ${cash(args[1])} of the ${cash(args[0])} escrowed: the cash token takes a fee on transfers`;
    case "FractionVaultBuyoutExpired":
      return `The buy-out of vault ${args[0]} closed for tenders at ${date(args[1])}`;
    case "FractionVaultBuyoutNotExpired":
      return `The buy-out of vault ${args[0]} is open until ${date(args[1])}`;
    case "FractionVaultBuyoutUnconditional":
      return `The buy-out of vault ${args[0]} has reached its threshold: it can no longer be cancelled, only completed`;
    case "FractionVaultThresholdNotReached":
      return `Only ${args[1]} of the ${args[2]} shares needed have been tendered: shares are redeemed only past the threshold`;
    case "FractionVaultBuyoutIncomplete":
      return `The buyer has ${args[1]} of the ${args[2]} shares: every share must be tendered or redeemed first`;
    case "FractionVaultNotBuyer":
      return `${args[0]} is not the buyer of this buy-out`;
    case "FractionVaultZeroAmount":
      return "Enter a number of shares above zero";
    case "FractionVaultTenderRefused":
      return `The share token refuses the tender of ${args[0]}: ${restrictionMessage(Number(args[1]))}`;
    case "FractionVaultShareTransferRefused":
      return `The share token refuses to pay shares to ${args[0]}: ${restrictionMessage(Number(args[1]))}`;
    case "FractionVaultNothingToRedeem":
      return `${args[0]} has no shares left to redeem`;
    case "FractionVaultNothingToClaim":
      return `${args[0]} has nothing to claim from the vault`;
    case "FractionVaultInvalidRecipient":
      return `${args[0]} cannot receive it`;
    default:
      return null;
  }
}
