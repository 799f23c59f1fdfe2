/**
 * The token's refusal reasons by ERC-1404 code, as contracts/token/RestrictionCodes.sol words them, with what the
 * issuer can do about each. Used to put a decoded `SecurityTokenTransferRestricted(code)` revert into words without
 * another call; a pre-flight check shows the token's own message.
 */
export const RESTRICTION_MESSAGES: Readonly<Record<number, string>> = {
  0: "No restriction",
  1: "Token is paused",
  2: "Recipient is the zero address",
  3: "Sender is not a verified or liquidate-only investor",
  4: "Recipient is not a verified investor",
  5: "Recipient is liquidate-only and may not receive",
  6: "Sender wallet is frozen",
  7: "Recipient wallet is frozen",
  8: "Spender wallet is frozen",
  9: "Allowance is too low",
  10: "Balance is too low",
  11: "Amount exceeds the unfrozen balance",
  12: "Amount includes tokens still under lock-up",
  13: "Recipient's country is not allowed",
  14: "Recipient is not an accredited investor",
  15: "Maximum number of investors reached",
  16: "Recipient would exceed the maximum balance per investor",
  17: "Total supply would exceed its limit",
  18: "Owner is the zero address",
};

/** A next step for the refusals an issuer can act on. */
const HINTS: Readonly<Record<number, string>> = {
  1: "Unpause the token first.",
  4: "The wallet's owner must complete KYC, and a compliance officer approve it, before it can receive tokens.",
  5: "The investor is liquidate-only: a compliance officer must reinstate them.",
  7: "Unfreeze the wallet first.",
  13: "The token's country rule excludes this investor's country.",
  14: "The token admits accredited investors only.",
  15: "Raise the token's maximum number of investors, or mint to an existing holder.",
  16: "Mint less, or raise the token's maximum balance per investor.",
};

export function restrictionMessage(code: number): string {
  return RESTRICTION_MESSAGES[code] ?? `Unknown restriction (code ${code})`;
}

export function restrictionHint(code: number): string | undefined {
  return HINTS[code];
}
