import { getAddress, isAddress, type Address } from "viem";
import { formatAmount } from "../../lib/format.ts";
import { parseAmount } from "../../ui/amount.ts";
import { AgentPermission } from "../../../../lib/agent-permissions.ts";

export interface MarketSettingsErrors {
  cashToken?: string;
  tick?: string;
  lot?: string;
}

export type MarketSettingsForm =
  | { ok: true; cashToken: Address; tickSize: bigint; lotSize: bigint; enabled: boolean }
  | { ok: false; errors: MarketSettingsErrors };

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** The smallest lot (token units) whose price at one tick is a whole number of cash units. */
export const smallestLot = (tickSize: bigint, tokenDecimals: number) => {
  const unit = 10n ** BigInt(tokenDecimals);
  return unit / gcd(unit, tickSize);
};

/**
 * Reads the issuer's market settings typed in human units: the cash token, the price step (cash per whole token) and
 * the lot (token amount). The server's rule is checked here with the same words: a lot at one price step must cost a
 * whole number of cash units (lot × tick a multiple of 10^decimals), so no trade's cash is ever rounded off its price.
 */
export function readMarketSettingsForm(
  input: { cashToken: string; tick: string; lot: string; enabled: boolean },
  token: { address: Address; symbol: string; decimals: number },
  cash: { symbol: string; decimals: number } | null,
): MarketSettingsForm {
  const errors: MarketSettingsErrors = {};
  const cashText = input.cashToken.trim();
  if (cashText === "") errors.cashToken = "Enter the cash token's address";
  else if (!isAddress(cashText)) errors.cashToken = "Enter a token address: 0x followed by 40 hex digits";
  else if (getAddress(cashText) === getAddress(token.address)) errors.cashToken = "A token cannot trade against itself: enter the cash token's address";
  else if (!cash) errors.cashToken = "This address is not an ERC-20 token on this chain (it has no symbol or decimals)";
  const tick = cash ? parseAmount(input.tick, cash.decimals) : null;
  if (tick && !tick.ok) errors.tick = tick.error === "Enter an amount" ? "Enter the price step" : tick.error;
  const lot = parseAmount(input.lot, token.decimals);
  if (!lot.ok) errors.lot = lot.error === "Enter an amount" ? "Enter the lot size" : lot.error;
  if (errors.cashToken || !tick?.ok || !lot.ok || errors.tick || !cash) return { ok: false, errors };
  const unit = 10n ** BigInt(token.decimals);
  if ((lot.value * tick.value) % unit !== 0n) {
    const min = smallestLot(tick.value, token.decimals);
    errors.lot =
      `A lot of ${formatAmount(lot.value, token.decimals)} ${token.symbol} at one price step of ${formatAmount(tick.value, cash.decimals)} ${cash.symbol} ` +
      `would cost a fraction of the cash token's smallest unit: use a lot that is a multiple of ${formatAmount(min, token.decimals)} ${token.symbol}`;
    return { ok: false, errors };
  }
  return { ok: true, cashToken: getAddress(cashText), tickSize: tick.value, lotSize: lot.value, enabled: input.enabled };
}

/**
 * Whether `account` may change the token's market, as the server decides: the token's owner, or an agent of it
 * holding RULES. An agent listed without Folio's permission bits (null) holds every power, as the server counts it.
 */
export function mayChangeMarket(
  token: { owner?: string | null; agents: readonly { address: string; permissions: number | null }[] },
  account: string | null | undefined,
): boolean {
  if (!account) return false;
  const me = account.toLowerCase();
  if (token.owner?.toLowerCase() === me) return true;
  const agent = token.agents.find((a) => a.address.toLowerCase() === me);
  return !!agent && ((agent.permissions ?? AgentPermission.ALL) & AgentPermission.RULES) !== 0;
}
