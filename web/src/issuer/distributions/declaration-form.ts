import { getAddress, isAddress, type Address } from "viem";
import { parseAmount } from "../../ui/amount.ts";
import { countryName } from "../../ui/country-options.ts";

/** Claims stay open at least this long after declaring (the server's MIN_CLAIM_WINDOW_SECONDS): time to fund the round. */
export const MIN_CLAIM_WINDOW_MS = 3_600_000;
const MAX_UINT128 = 2n ** 128n - 1n;
const MAX_EXCLUDED_WALLETS = 1000;
const MAX_RULES = 50;

/** A withholding rate for some countries, as typed. */
export interface CountryRateDraft {
  key: number;
  countries: string[];
  rate: string;
}

/** The declaration form as typed: every field is text, parsed only by parseDeclaration. */
export interface DeclarationDraft {
  /** "demo": the platform's demo cash token (deployment.json's CashToken); "other": `cashAddress`. */
  cashChoice: "demo" | "other";
  cashAddress: string;
  amount: string;
  /** Holders of record at a date and time (`recordDate`, datetime-local) or at a block (`recordBlock`). */
  recordMode: "date" | "block";
  recordDate: string;
  recordBlock: string;
  /** datetime-local, the browser's time zone. */
  deadline: string;
  /** Percent, for every investor no country rate matches; empty means none. */
  defaultRate: string;
  countryRates: CountryRateDraft[];
  /** Wallet addresses separated by new lines, commas or spaces. */
  excludedWallets: string;
}

export const emptyDraft = (): DeclarationDraft => ({
  cashChoice: "demo",
  cashAddress: "",
  amount: "",
  recordMode: "date",
  recordDate: "",
  recordBlock: "",
  deadline: "",
  defaultRate: "",
  countryRates: [],
  excludedWallets: "",
});

export interface DeclarationErrors {
  cashToken?: string;
  amount?: string;
  record?: string;
  deadline?: string;
  defaultRate?: string;
  /** By the row's key. */
  countryRates?: Record<number, { countries?: string; rate?: string }>;
  excludedWallets?: string;
}

/** What the form knows besides the draft: the security token, the cash token as read on chain, the clock. */
export interface DeclarationContext {
  token: Address;
  /** The demo cash token's address on this chain, when it has one. */
  demoCashToken: Address | null;
  /** The chosen cash token's decimals as read on chain; null while unknown or when it does not answer as an ERC-20. */
  cashDecimals: number | null;
  now: Date;
  /** The indexer's latest block, when known: a record block after it is refused. */
  latestIndexedBlock?: number | null;
}

/** The variables of declareDistribution (BigInt scalars as decimal text). */
export interface DeclarationInput {
  token: Address;
  cashToken: Address;
  amount: string;
  recordTime?: string;
  recordBlock?: number;
  deadline: string;
  withholding: { defaultBps: number; rules: { bps: number; country: string }[] };
  excludedWallets: Address[];
}

export type ParsedRate = { ok: true; bps: number } | { ok: false; error: string };

/**
 * A withholding rate typed in percent ("15", "26.38", "15 %") into basis points. Never rounds: a rate is kept in
 * whole basis points, so at most two decimals.
 */
export function parseRate(text: string, { allowEmpty = false } = {}): ParsedRate {
  const cleaned = text.trim().replace(/\s*%$/, "").replace(",", ".");
  if (cleaned === "") return allowEmpty ? { ok: true, bps: 0 } : { ok: false, error: "Enter a rate in percent, e.g. 15 or 26.38" };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(cleaned)) return { ok: false, error: "Enter a rate in percent, e.g. 15 or 26.38" };
  const [whole, fraction = ""] = cleaned.split(".");
  if (fraction.length > 2) return { ok: false, error: "At most two decimals: rates are kept in basis points (0.01 %)" };
  const bps = Number(whole || "0") * 100 + Number(fraction.padEnd(2, "0"));
  if (bps > 10_000) return { ok: false, error: "A rate is at most 100 %" };
  return { ok: true, bps };
}

/** 1500 -> "15 %", 2638 -> "26.38 %". */
export function formatRate(bps: number): string {
  const whole = Math.floor(bps / 100);
  const fraction = String(bps % 100).padStart(2, "0").replace(/0+$/, "");
  return `${whole}${fraction ? `.${fraction}` : ""} %`;
}

/** A datetime-local value ("2026-12-02T09:30", the browser's time zone) as a Date, or null when it is not one. */
export function parseLocalDateTime(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text.trim())) return null;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A Date as a datetime-local value in the browser's time zone, to the minute. */
export function toLocalDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The excluded wallets typed in the box: checksummed without repeats, or the first wrong entry. */
export function parseWalletList(text: string): { ok: true; wallets: Address[] } | { ok: false; error: string } {
  const entries = text.split(/[\s,;]+/).filter(Boolean);
  const wallets = new Map<string, Address>();
  for (const [i, entry] of entries.entries()) {
    if (!isAddress(entry, { strict: false })) return { ok: false, error: `Entry ${i + 1}, "${entry}", is not a wallet address (0x followed by 40 hex digits)` };
    wallets.set(entry.toLowerCase(), getAddress(entry));
  }
  if (wallets.size > MAX_EXCLUDED_WALLETS) return { ok: false, error: `At most ${MAX_EXCLUDED_WALLETS} excluded wallets` };
  return { ok: true, wallets: [...wallets.values()] };
}

/** The cash token the draft names, or why it names none. */
export function chosenCashToken(draft: DeclarationDraft, context: Pick<DeclarationContext, "demoCashToken" | "token">): { ok: true; address: Address } | { ok: false; error: string } {
  let address: Address;
  if (draft.cashChoice === "demo") {
    if (!context.demoCashToken) return { ok: false, error: "This chain has no demo cash token: choose another ERC-20 token" };
    address = context.demoCashToken;
  } else {
    const text = draft.cashAddress.trim();
    if (!isAddress(text, { strict: false })) return { ok: false, error: "Enter the cash token's contract address (0x followed by 40 hex digits)" };
    address = getAddress(text);
  }
  if (address.toLowerCase() === context.token.toLowerCase()) return { ok: false, error: "The cash token cannot be the security token itself" };
  return { ok: true, address };
}

/**
 * Checks every field of the declaration form and builds declareDistribution's input, or says what is wrong next to
 * each field. Nothing is sent while any field is wrong.
 */
export function parseDeclaration(draft: DeclarationDraft, context: DeclarationContext):
  | { ok: true; input: DeclarationInput; amount: bigint }
  | { ok: false; errors: DeclarationErrors } {
  const errors: DeclarationErrors = {};
  const now = context.now.getTime();

  const cash = chosenCashToken(draft, context);
  if (!cash.ok) errors.cashToken = cash.error;
  else if (context.cashDecimals === null) errors.cashToken = `${cash.address} does not answer as an ERC-20 token (decimals, symbol): check the address`;

  let amount: bigint | null = null;
  if (context.cashDecimals === null) {
    if (draft.amount.trim() === "") errors.amount = "Enter an amount";
  } else {
    const parsed = parseAmount(draft.amount, context.cashDecimals);
    if (!parsed.ok) errors.amount = parsed.error;
    else if (parsed.value > MAX_UINT128) errors.amount = "This amount is larger than a round can hold";
    else amount = parsed.value;
  }

  let record: { recordTime: string } | { recordBlock: number } | null = null;
  if (draft.recordMode === "date") {
    const date = parseLocalDateTime(draft.recordDate);
    if (!date) errors.record = "Choose the record date and time";
    else if (date.getTime() > now) errors.record = "The record date must be in the past: holders are read from the indexed blocks";
    else record = { recordTime: String(Math.floor(date.getTime() / 1000)) };
  } else {
    const text = draft.recordBlock.trim();
    const block = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(block)) errors.record = "Enter a block number (a whole number)";
    else if (context.latestIndexedBlock != null && block > context.latestIndexedBlock) {
      errors.record = `Block ${block} is not indexed yet: the latest indexed block is ${context.latestIndexedBlock}`;
    } else record = { recordBlock: block };
  }

  const deadline = parseLocalDateTime(draft.deadline);
  if (!deadline) errors.deadline = "Choose the claim deadline's date and time";
  else if (deadline.getTime() < now + MIN_CLAIM_WINDOW_MS) errors.deadline = "The claim deadline must be at least an hour from now, so the round can be funded first";

  const defaultRate = parseRate(draft.defaultRate, { allowEmpty: true });
  if (!defaultRate.ok) errors.defaultRate = defaultRate.error;

  const rules: { bps: number; country: string }[] = [];
  const seen = new Set<string>();
  const rowErrors: NonNullable<DeclarationErrors["countryRates"]> = {};
  for (const row of draft.countryRates) {
    const rowError: { countries?: string; rate?: string } = {};
    const rate = parseRate(row.rate);
    if (!rate.ok) rowError.rate = rate.error;
    if (row.countries.length === 0) rowError.countries = "Choose at least one country, or remove this rate";
    const repeated = row.countries.filter((c) => seen.has(c));
    if (repeated.length) rowError.countries = `${repeated.map(countryName).join(", ")} already ${repeated.length === 1 ? "has" : "have"} a rate above`;
    for (const c of row.countries) seen.add(c);
    if (rowError.countries || rowError.rate) rowErrors[row.key] = rowError;
    else for (const country of row.countries) rules.push({ bps: (rate as { bps: number }).bps, country });
  }
  if (Object.keys(rowErrors).length) errors.countryRates = rowErrors;
  else if (rules.length > MAX_RULES) errors.defaultRate = `At most ${MAX_RULES} country rates`;

  const wallets = parseWalletList(draft.excludedWallets);
  if (!wallets.ok) errors.excludedWallets = wallets.error;

  if (Object.keys(errors).length || !cash.ok || amount === null || !record || !deadline || !defaultRate.ok || !wallets.ok) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    amount,
    input: {
      token: context.token,
      cashToken: cash.address,
      amount: amount.toString(),
      ...record,
      deadline: String(Math.floor(deadline.getTime() / 1000)),
      withholding: { defaultBps: defaultRate.bps, rules },
      excludedWallets: wallets.wallets,
    },
  };
}

/** The form field a declareDistribution error code belongs to (null: the form as a whole). */
export function fieldOfServerError(code: string | undefined): keyof Omit<DeclarationErrors, "countryRates"> | null {
  switch (code) {
    case "DISTRIBUTION_INVALID_AMOUNT": return "amount";
    case "DISTRIBUTION_INVALID_DEADLINE": return "deadline";
    case "DISTRIBUTION_RECORD_BLOCK_NOT_INDEXED":
    case "DISTRIBUTION_RECORD_BLOCK_TOO_EARLY":
    case "DISTRIBUTION_EMPTY_SUPPLY": return "record";
    case "DISTRIBUTION_INVALID_CASH_TOKEN": return "cashToken";
    case "DISTRIBUTION_INVALID_WITHHOLDING": return "defaultRate";
    case "DISTRIBUTION_INVALID_EXCLUSIONS": return "excludedWallets";
    default: return null;
  }
}
