// Record-date entitlements of an income distribution: one pure computation shared by the server (which declares
// rounds from its indexed balance history) and scripts/verify-distribution.ts (which recomputes them from chain
// events alone), so both build exactly the same Merkle tree. No I/O here, and nothing from server/src.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

/** Basis points: 10,000 = 100 %. */
export const BPS_DENOMINATOR = 10_000n;

/** Leaf encoding checked by contracts/distribution/Distributor.sol. */
export const ENTITLEMENT_LEAF_ENCODING = ["uint256", "bytes32", "uint256"] as const;

/** A withholding rule: applies when every condition it names holds. */
export interface WithholdingRule {
  /** Withholding rate in basis points (0..10,000). */
  bps: number;
  /** ISO 3166-1 numeric country code, as the identity registry stores it. */
  country?: number;
  /** Category flags that must all be set (ACCREDITED = 1, QUALIFIED = 2, US_PERSON = 4, INSTITUTION = 8). */
  flags?: number;
}

/** Withholding per country or category: the first matching rule wins, otherwise `defaultBps`. */
export interface WithholdingRules {
  defaultBps: number;
  rules: readonly WithholdingRule[];
}

/** A wallet's security-token balance at the end of the record block, and its investor then (null when none). */
export interface WalletHolding {
  wallet: string;
  investorId: string | null;
  balance: bigint;
}

/** What withholding depends on: the investor's registry record at the record block. */
export interface InvestorProfile {
  country: number;
  flags: number;
}

export interface EntitlementInput {
  /** Gross amount declared, in cash-token units. */
  amount: bigint;
  holdings: readonly WalletHolding[];
  /** investorId → profile at the record block (every investor holding tokens must have one). */
  investors: ReadonlyMap<string, InvestorProfile>;
  withholding: WithholdingRules;
  /** Wallets left out of the distribution and of the eligible supply (treasury, market escrow, …). */
  excludedWallets?: readonly string[];
  /** Investors left out entirely (e.g. the issuer's own treasury investor). */
  excludedInvestors?: readonly string[];
}

export interface Entitlement {
  investorId: `0x${string}`;
  /** Sum of the investor's wallets' balances at the record block (excluded wallets left out). */
  balance: bigint;
  bps: number;
  /** floor(amount × balance / eligible supply). */
  gross: bigint;
  withheld: bigint;
  /** floor(gross × (10,000 − bps) / 10,000): rounding is always against the claimant. */
  net: bigint;
  /** Leaf index in the tree, or null when `net` is zero (nothing to claim, no leaf). */
  index: number | null;
}

export interface EntitlementResult {
  /** Every eligible investor with a balance, sorted by investorId. */
  entitlements: Entitlement[];
  eligibleSupply: bigint;
  /** Balance held by excluded wallets or investors. */
  excludedBalance: bigint;
  /** Balance held by wallets that belonged to no investor at the record block (left out, reported). */
  unattributedBalance: bigint;
  grossTotal: bigint;
  withheldTotal: bigint;
  netTotal: bigint;
  /** What the issuer funds: `amount − withheldTotal` = `netTotal + dust`. The issuer keeps the withheld tax. */
  fundingTotal: bigint;
  /** Rounding remainder left in the round, returned to the issuer by `reclaim` after the deadline. */
  dust: bigint;
}

export type EntitlementErrorCode =
  | "DISTRIBUTION_INVALID_AMOUNT"
  | "DISTRIBUTION_INVALID_WITHHOLDING"
  | "DISTRIBUTION_INVALID_PARAMS"
  | "DISTRIBUTION_INVALID_HOLDING"
  | "DISTRIBUTION_EMPTY_SUPPLY"
  | "DISTRIBUTION_UNKNOWN_INVESTOR";

/** A distribution that cannot be computed; `code` is stable (the server maps it to its own errors). */
export class EntitlementError extends Error {
  readonly code: EntitlementErrorCode;
  constructor(code: EntitlementErrorCode, message: string) {
    super(message);
    this.name = "EntitlementError";
    this.code = code;
  }
}

const BYTES32 = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const ZERO_ID = `0x${"0".repeat(64)}`;

function normalise(value: string, pattern: RegExp, what: string): string {
  const lower = value.toLowerCase();
  if (!pattern.test(lower)) throw new EntitlementError("DISTRIBUTION_INVALID_HOLDING", `Not a valid ${what}: ${value}`);
  return lower;
}

function checkBps(bps: number, where: string): void {
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) {
    throw new EntitlementError("DISTRIBUTION_INVALID_WITHHOLDING", `${where}: bps must be an integer 0..10000, got ${bps}`);
  }
}

/** Checks a rule set once, before any investor is looked at. */
export function validateWithholding(rules: WithholdingRules): void {
  checkBps(rules.defaultBps, "defaultBps");
  rules.rules.forEach((rule, i) => {
    checkBps(rule.bps, `rules[${i}]`);
    if (rule.country !== undefined && (!Number.isInteger(rule.country) || rule.country < 0 || rule.country > 0xffff)) {
      throw new EntitlementError("DISTRIBUTION_INVALID_WITHHOLDING", `rules[${i}]: country must be a uint16`);
    }
    if (rule.flags !== undefined && (!Number.isInteger(rule.flags) || rule.flags < 0 || rule.flags > 0xff)) {
      throw new EntitlementError("DISTRIBUTION_INVALID_WITHHOLDING", `rules[${i}]: flags must be a uint8`);
    }
  });
}

/** The withholding rate of an investor: the first rule whose conditions all hold, else the default. */
export function withholdingBps(rules: WithholdingRules, profile: InvestorProfile): number {
  for (const rule of rules.rules) {
    if (rule.country !== undefined && rule.country !== profile.country) continue;
    if (rule.flags !== undefined && (profile.flags & rule.flags) !== rule.flags) continue;
    return rule.bps;
  }
  return rules.defaultBps;
}

/**
 * Each investor's share of `amount` pro rata to their record-date balance, aggregated over their wallets, net of
 * withholding, rounded down. Guarantees: sum(gross) ≤ amount, net + withheld = gross, sum(net) ≤ fundingTotal ≤
 * amount, and dust = fundingTotal − sum(net) < number of investors.
 */
export function computeEntitlements(input: EntitlementInput): EntitlementResult {
  if (input.amount <= 0n) throw new EntitlementError("DISTRIBUTION_INVALID_AMOUNT", "The amount must be positive");
  validateWithholding(input.withholding);
  const excludedWallets = new Set((input.excludedWallets ?? []).map((w) => normalise(w, ADDRESS, "wallet")));
  const excludedInvestors = new Set((input.excludedInvestors ?? []).map((i) => normalise(i, BYTES32, "investor id")));

  const balances = new Map<string, bigint>();
  let excludedBalance = 0n;
  let unattributedBalance = 0n;
  for (const holding of input.holdings) {
    if (holding.balance < 0n) throw new EntitlementError("DISTRIBUTION_INVALID_HOLDING", `Negative balance for ${holding.wallet}`);
    if (holding.balance === 0n) continue;
    const wallet = normalise(holding.wallet, ADDRESS, "wallet");
    const investorId = holding.investorId === null ? null : normalise(holding.investorId, BYTES32, "investor id");
    if (excludedWallets.has(wallet) || (investorId !== null && excludedInvestors.has(investorId))) {
      excludedBalance += holding.balance;
    } else if (investorId === null || investorId === ZERO_ID) {
      unattributedBalance += holding.balance;
    } else {
      balances.set(investorId, (balances.get(investorId) ?? 0n) + holding.balance);
    }
  }

  const eligibleSupply = [...balances.values()].reduce((a, b) => a + b, 0n);
  if (eligibleSupply === 0n) {
    throw new EntitlementError("DISTRIBUTION_EMPTY_SUPPLY", "No eligible balance at the record block: nothing to distribute to");
  }

  const profiles = new Map([...input.investors].map(([id, p]) => [id.toLowerCase(), p]));
  const ids = [...balances.keys()].sort();
  const entitlements: Entitlement[] = [];
  let grossTotal = 0n;
  let withheldTotal = 0n;
  let netTotal = 0n;
  let nextIndex = 0;
  for (const investorId of ids) {
    const profile = profiles.get(investorId);
    if (!profile) {
      throw new EntitlementError("DISTRIBUTION_UNKNOWN_INVESTOR", `No registry record for investor ${investorId}`);
    }
    const balance = balances.get(investorId)!;
    const bps = withholdingBps(input.withholding, profile);
    const gross = (input.amount * balance) / eligibleSupply;
    const net = (gross * (BPS_DENOMINATOR - BigInt(bps))) / BPS_DENOMINATOR;
    const withheld = gross - net;
    grossTotal += gross;
    withheldTotal += withheld;
    netTotal += net;
    entitlements.push({
      investorId: investorId as `0x${string}`,
      balance,
      bps,
      gross,
      withheld,
      net,
      index: net > 0n ? nextIndex++ : null,
    });
  }
  const fundingTotal = input.amount - withheldTotal;
  return {
    entitlements,
    eligibleSupply,
    excludedBalance,
    unattributedBalance,
    grossTotal,
    withheldTotal,
    netTotal,
    fundingTotal,
    dust: fundingTotal - netTotal,
  };
}

export type EntitlementLeaf = [index: string, investorId: string, amount: string];

/** The Merkle tree of the claimable entitlements (OpenZeppelin standard tree: double-hashed `abi.encode` leaves). */
export function buildEntitlementTree(entitlements: readonly Entitlement[]): StandardMerkleTree<EntitlementLeaf> {
  const leaves: EntitlementLeaf[] = entitlements
    .filter((e) => e.index !== null)
    .map((e) => [String(e.index), e.investorId, e.net.toString()]);
  if (leaves.length === 0) {
    throw new EntitlementError("DISTRIBUTION_EMPTY_SUPPLY", "Every entitlement rounds to zero: nothing to claim");
  }
  return StandardMerkleTree.of(leaves, [...ENTITLEMENT_LEAF_ENCODING]);
}

export interface EntitlementClaim {
  index: number;
  investorId: `0x${string}`;
  amount: bigint;
  proof: `0x${string}`[];
}

/** Every claim with its proof, as `claim(roundId, index, investorId, amount, proof)` takes it. */
export function entitlementClaims(tree: StandardMerkleTree<EntitlementLeaf>): EntitlementClaim[] {
  const claims: EntitlementClaim[] = [];
  for (const [i, [index, investorId, amount]] of tree.entries()) {
    claims.push({
      index: Number(index),
      investorId: investorId as `0x${string}`,
      amount: BigInt(amount),
      proof: tree.getProof(i) as `0x${string}`[],
    });
  }
  return claims.sort((a, b) => a.index - b.index);
}
