import { formatUnits, type Address } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";
import { formatAmount } from "../../lib/format.ts";
import { parseAmount } from "../../ui/amount.ts";
import { countryByAlpha2, countryNames } from "../../ui/country-options.ts";
import type { CountryMode } from "./issue-token-form.ts";

const MAX_UINT32 = 2n ** 32n - 1n;
const MAX_UINT128 = 2n ** 128n - 1n;
const MODES: readonly CountryMode[] = ["none", "allow", "deny"];

/** A token's rules as the indexer reads them (TokenRules in the API). */
export interface CurrentRules {
  countryMode: number;
  countryCodes: readonly (string | null)[];
  accreditedOnly: boolean;
  maxInvestors: number;
  /** In the token's smallest unit. */
  maxBalance: string;
}

/** The "change the rules" form, as typed: prefilled with the token's current rules. */
export interface RulesDraft {
  countryMode: CountryMode;
  /** ISO 3166-1 alpha-2 codes. */
  countries: string[];
  accreditedOnly: boolean;
  /** Empty means no limit. */
  maxInvestors: string;
  /** In token units; empty means no limit. */
  maxBalance: string;
}

export type RulesField = "countries" | "maxInvestors" | "maxBalance";

/** One transaction of a rule change, with what it does in words. */
export interface RuleChange {
  description: string;
  call: ReturnType<typeof ruleRequest>;
}

export type RulesPlan = { ok: true; changes: RuleChange[] } | { ok: false; errors: Partial<Record<RulesField, string>> };

/** The form filled with the token's rules as they are (the maximum balance in token units, no separators). */
export function rulesDraftOf(rules: CurrentRules, decimals: number): RulesDraft {
  return {
    countryMode: MODES[rules.countryMode] ?? "none",
    countries: rules.countryCodes.filter((c): c is string => !!c),
    accreditedOnly: rules.accreditedOnly,
    maxInvestors: rules.maxInvestors === 0 ? "" : String(rules.maxInvestors),
    maxBalance: rules.maxBalance === "0" ? "" : formatUnits(BigInt(rules.maxBalance), decimals),
  };
}

/**
 * Checks the form and lists the transactions that take the token from its current rules to the draft: one setter per
 * rule that changed, countries added to and removed from the list separately. An unchanged form plans nothing.
 */
export function planRuleChanges(token: { address: Address; decimals: number; symbol: string; rules: CurrentRules }, draft: RulesDraft): RulesPlan {
  const errors: Partial<Record<RulesField, string>> = {};
  const unknown = draft.countries.filter((code) => !countryByAlpha2(code));
  if (unknown.length) errors.countries = `Not ISO 3166-1 countries: ${unknown.join(", ")}`;
  else if (draft.countryMode !== "none" && draft.countries.length === 0) {
    errors.countries = draft.countryMode === "allow" ? "Choose at least one country that may hold the token" : "Choose at least one country to exclude";
  }

  let maxInvestors = 0;
  const investorsText = draft.maxInvestors.trim();
  if (investorsText !== "") {
    if (!/^\d+$/.test(investorsText) || BigInt(investorsText) > MAX_UINT32) errors.maxInvestors = "Enter a whole number, or leave empty for no limit";
    else maxInvestors = Number(investorsText);
  }

  let maxBalance = 0n;
  if (draft.maxBalance.trim() !== "") {
    const parsed = parseAmount(draft.maxBalance, token.decimals, { allowZero: true });
    if (!parsed.ok) errors.maxBalance = parsed.error;
    else if (parsed.value > MAX_UINT128) errors.maxBalance = "This limit is larger than a token can record";
    else maxBalance = parsed.value;
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const current = token.rules;
  const changes: RuleChange[] = [];
  const add = (description: string, functionName: RuleFunction, args: readonly unknown[]) =>
    changes.push({ description, call: ruleRequest(token.address, functionName, args) });

  const before = new Set(current.countryCodes.filter((c): c is string => !!c).map((c) => c.toUpperCase()));
  const after = new Set(draft.countries.map((c) => c.toUpperCase()));
  // With no country rule the list is kept as it is, unused: switching the rule back on finds it again.
  if (draft.countryMode !== "none") {
    const added = [...after].filter((c) => !before.has(c));
    const removed = [...before].filter((c) => !after.has(c));
    if (added.length) add(`Add ${countryNames(added)} to the country list`, "setCountriesListed", [added.map(numeric), true]);
    if (removed.length) add(`Remove ${countryNames(removed)} from the country list`, "setCountriesListed", [removed.map(numeric), false]);
  }
  const mode = MODES.indexOf(draft.countryMode);
  if (mode !== current.countryMode) {
    add(`Country rule: ${modeText(current.countryMode)} → ${modeText(mode)}`, "setCountryMode", [mode]);
  }
  if (draft.accreditedOnly !== current.accreditedOnly) {
    add(draft.accreditedOnly ? "Only accredited investors may hold it (was: any investor)" : "Any verified investor may hold it (was: accredited only)", "setAccreditedOnly", [draft.accreditedOnly]);
  }
  if (maxInvestors !== current.maxInvestors) {
    add(`Maximum number of investors: ${limitText(String(current.maxInvestors))} → ${limitText(String(maxInvestors))}`, "setMaxInvestors", [maxInvestors]);
  }
  if (maxBalance !== BigInt(current.maxBalance)) {
    const text = (raw: bigint) => (raw === 0n ? "no limit" : `${formatAmount(raw, token.decimals)} ${token.symbol}`);
    add(`Maximum balance per investor: ${text(BigInt(current.maxBalance))} → ${text(maxBalance)}`, "setMaxBalance", [maxBalance]);
  }
  return { ok: true, changes };
}

type RuleFunction = "setCountriesListed" | "setCountryMode" | "setAccreditedOnly" | "setMaxInvestors" | "setMaxBalance";

/** One rule setter of the token (the caller needs the RULES permission). */
export function ruleRequest(token: Address, functionName: RuleFunction, args: readonly unknown[]) {
  return { address: token, abi: securityTokenAbi, functionName, args };
}

const numeric = (alpha2: string) => countryByAlpha2(alpha2)!.numeric;
const limitText = (n: string) => (n === "0" ? "no limit" : n);

function modeText(mode: number): string {
  return mode === 1 ? "only listed countries" : mode === 2 ? "all except listed countries" : "any country";
}
