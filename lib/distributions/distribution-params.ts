// The published parameters of a distribution round. Their canonical JSON is hashed into the funding transaction
// (`RoundFunded.paramsHash`), so anyone holding the file can prove it is the one the round was computed from.
// Shared by the server and scripts/verify-distribution.ts; pure, no I/O.
import { keccak256, stringToBytes, type Hex } from "viem";
import { EntitlementError, validateWithholding, type WithholdingRules } from "./entitlements";

export const DISTRIBUTION_PARAMS_VERSION = 1;

export interface DistributionParams {
  version: typeof DISTRIBUTION_PARAMS_VERSION;
  chainId: number;
  token: string;
  cashToken: string;
  /** Balances are taken at the end of this block. */
  recordBlock: number;
  /** Gross amount declared, in cash-token units (the funded total is this minus the withheld tax). */
  amount: bigint;
  withholding: WithholdingRules;
  excludedWallets: string[];
  excludedInvestors: string[];
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

function fail(message: string): never {
  throw new EntitlementError("DISTRIBUTION_INVALID_PARAMS", `Invalid distribution parameters: ${message}`);
}

/** One spelling per parameter set: sorted keys, lower-case hex, sorted de-duplicated lists, amounts as strings. */
export function canonicalParamsJson(params: DistributionParams): string {
  validateWithholding(params.withholding);
  const sortedUnique = (values: string[]) => [...new Set(values.map((v) => v.toLowerCase()))].sort();
  const canonical = {
    amount: params.amount.toString(),
    cashToken: params.cashToken.toLowerCase(),
    chainId: params.chainId,
    excludedInvestors: sortedUnique(params.excludedInvestors),
    excludedWallets: sortedUnique(params.excludedWallets),
    recordBlock: params.recordBlock,
    token: params.token.toLowerCase(),
    version: params.version,
    withholding: {
      defaultBps: params.withholding.defaultBps,
      // Rule order matters (first match wins), so it is kept; keys inside a rule are sorted.
      rules: params.withholding.rules.map((r) => ({
        bps: r.bps,
        ...(r.country !== undefined ? { country: r.country } : {}),
        ...(r.flags !== undefined ? { flags: r.flags } : {}),
      })),
    },
  };
  return JSON.stringify(canonical);
}

/** keccak256 of the canonical JSON: the `paramsHash` a round is funded with. */
export function hashDistributionParams(params: DistributionParams): Hex {
  return keccak256(stringToBytes(canonicalParamsJson(params)));
}

/** Parses a parameters file (canonical or not) and checks every field; throws on anything malformed. */
export function parseDistributionParams(json: string): DistributionParams {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    fail("not JSON");
  }
  if (typeof raw !== "object" || raw === null) fail("not an object");
  if (raw.version !== DISTRIBUTION_PARAMS_VERSION) fail(`unsupported version ${String(raw.version)}`);
  const int = (v: unknown, name: string) => {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) fail(`${name} must be a non-negative integer`);
    return v;
  };
  const str = (v: unknown, pattern: RegExp, name: string) => {
    if (typeof v !== "string" || !pattern.test(v)) fail(`${name} is malformed`);
    return v;
  };
  const list = (v: unknown, pattern: RegExp, name: string) => {
    if (!Array.isArray(v)) fail(`${name} must be a list`);
    return v.map((x, i) => str(x, pattern, `${name}[${i}]`));
  };
  if (typeof raw.amount !== "string" || !/^[1-9][0-9]*$/.test(raw.amount)) fail("amount must be a positive decimal string");
  const w = raw.withholding as { defaultBps?: unknown; rules?: unknown } | undefined;
  if (!w || typeof w !== "object" || !Array.isArray(w.rules)) fail("withholding must have defaultBps and rules");
  const withholding: WithholdingRules = {
    defaultBps: int(w.defaultBps, "withholding.defaultBps"),
    rules: (w.rules as Record<string, unknown>[]).map((r, i) => ({
      bps: int(r.bps, `withholding.rules[${i}].bps`),
      ...(r.country !== undefined ? { country: int(r.country, `withholding.rules[${i}].country`) } : {}),
      ...(r.flags !== undefined ? { flags: int(r.flags, `withholding.rules[${i}].flags`) } : {}),
    })),
  };
  validateWithholding(withholding);
  return {
    version: DISTRIBUTION_PARAMS_VERSION,
    chainId: int(raw.chainId, "chainId"),
    token: str(raw.token, ADDRESS, "token"),
    cashToken: str(raw.cashToken, ADDRESS, "cashToken"),
    recordBlock: int(raw.recordBlock, "recordBlock"),
    amount: BigInt(raw.amount),
    withholding,
    excludedWallets: list(raw.excludedWallets ?? [], ADDRESS, "excludedWallets"),
    excludedInvestors: list(raw.excludedInvestors ?? [], BYTES32, "excludedInvestors"),
  };
}
