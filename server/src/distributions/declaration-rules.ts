import { erc20Abi, type Address, type PublicClient } from "viem";
import { EntitlementError, validateWithholding, type WithholdingRules } from "../../../lib/distributions/entitlements.ts";
import { FolioError } from "../errors.ts";

/** Claims stay open at least this long after declaration, so the issuer has time to fund the round. */
export const MIN_CLAIM_WINDOW_SECONDS = 3600n;
const MAX_UINT128 = 2n ** 128n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_RULES = 50;
const MAX_EXCLUDED_WALLETS = 1000;

/** Maps the shared computation's errors (already DISTRIBUTION_* codes) to API errors. */
export function asFolioError(error: unknown): never {
  if (error instanceof EntitlementError) throw new FolioError(error.code, error.message, { cause: error });
  throw error;
}

export function checkAmount(amount: bigint): void {
  if (amount <= 0n || amount > MAX_UINT128) {
    throw new FolioError("DISTRIBUTION_INVALID_AMOUNT", "amount must be positive and fit in 128 bits (cash-token units)");
  }
}

export function checkWithholding(rules: WithholdingRules): WithholdingRules {
  if (rules.rules.length > MAX_RULES) throw new FolioError("DISTRIBUTION_INVALID_WITHHOLDING", `At most ${MAX_RULES} withholding rules`);
  try {
    validateWithholding(rules);
  } catch (error) {
    asFolioError(error);
  }
  return rules;
}

/** The excluded wallets, lowercase and without repeats. */
export function checkExclusions(wallets: readonly Address[]): string[] {
  const excluded = [...new Set(wallets.map((w) => w.toLowerCase()))];
  if (excluded.length > MAX_EXCLUDED_WALLETS) throw new FolioError("DISTRIBUTION_INVALID_EXCLUSIONS", `At most ${MAX_EXCLUDED_WALLETS} excluded wallets`);
  return excluded;
}

export function checkDeadline(deadline: bigint, now: bigint): void {
  if (deadline > MAX_UINT64 || deadline < now + MIN_CLAIM_WINDOW_SECONDS) {
    throw new FolioError("DISTRIBUTION_INVALID_DEADLINE", `deadline must be at least ${MIN_CLAIM_WINDOW_SECONDS} seconds after the chain's current time (${now}), in Unix seconds`);
  }
}

/** The cash token must be an ERC-20 contract other than the security token itself. */
export async function checkCashToken(client: PublicClient, input: { cashToken: Address; token: Address; distributor: Address }): Promise<void> {
  const { cashToken, token, distributor } = input;
  if (cashToken.toLowerCase() === token.toLowerCase()) {
    throw new FolioError("DISTRIBUTION_INVALID_CASH_TOKEN", "The cash token cannot be the security token itself");
  }
  const code = await client.getCode({ address: cashToken });
  if (!code || code === "0x") throw new FolioError("DISTRIBUTION_INVALID_CASH_TOKEN", `The cash token ${cashToken} is not a contract`);
  try {
    await client.readContract({ address: cashToken, abi: erc20Abi, functionName: "balanceOf", args: [distributor] });
  } catch (cause) {
    throw new FolioError("DISTRIBUTION_INVALID_CASH_TOKEN", `The cash token ${cashToken} does not answer ERC-20 balanceOf`, { cause });
  }
}
