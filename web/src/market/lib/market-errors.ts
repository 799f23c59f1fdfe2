import { ApiError } from "../../api/graphql.ts";

/**
 * A refusal of the market server in words a trader acts on. The server's own message names raw units, so the common
 * refusals get a sentence of their own; any other keeps the server's message (and its hint).
 */
const WORDS: Record<string, string> = {
  MARKET_PRICE_OFF_TICK: "The price is not a whole number of price steps (ticks) for this market.",
  MARKET_AMOUNT_OFF_LOT: "The amount is not a whole number of lots for this market.",
  MARKET_INSUFFICIENT_BALANCE: "Your wallet does not hold enough for this order together with your other open orders on the same side.",
  MARKET_INSUFFICIENT_ALLOWANCE: "Your wallet does not allow the Settlement contract to move enough for this order and your other open orders.",
  MARKET_NOT_OPEN: "This token's market is closed: its issuer has not opened it, or closed it.",
  MARKET_WRONG_CASH_TOKEN: "This market trades against another cash token than the order names.",
  MARKET_TRADING_HALTED: "Trading in this token is halted by its issuer.",
  MARKET_TRANSFER_NOT_ALLOWED: "The token does not let your wallet take this side now (frozen wallet, locked tokens or an investor rule).",
  MARKET_ORDER_EXPIRED: "The order had expired before it reached the server. Place it again.",
  MARKET_NONCE_USED: "This order's number (nonce) is used already. Place it again.",
  MARKET_INVALID_SIGNATURE: "The signature does not match the order for this chain and Settlement contract.",
  MARKET_MAKER_NOT_SIGNED_IN: "The order must come from the wallet you are signed in with.",
  INVESTOR_NOT_VERIFIED: "Only verified investors may trade: finish onboarding first.",
};

export function describeMarketError(error: unknown): { text: string; detail?: string } {
  if (error instanceof ApiError) {
    const words = error.code ? WORDS[error.code] : undefined;
    if (words) return { text: words, detail: [error.message, error.hint].filter(Boolean).join(" — ") };
    return { text: error.message, detail: error.hint };
  }
  if (error instanceof Error) {
    if (/user rejected|denied/i.test(error.message)) return { text: "You declined the signature in your wallet: nothing was placed." };
    return { text: error.message };
  }
  return { text: String(error) };
}
