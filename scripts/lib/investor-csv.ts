import { parse } from "csv-parse/sync";
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { findCountry } from "../../lib/countries";
import { InvestorFlag, investorId } from "./security-token";

/** One investor row ready for `IdentityRegistry.batchRegisterInvestors`. */
export interface InvestorRow {
  investorId: Hex;
  wallet: Address;
  country: number;
  kycValidUntil: bigint;
  flags: number;
}

const FLAG_NAMES: Record<string, number> = {
  accredited: InvestorFlag.ACCREDITED,
  qualified: InvestorFlag.QUALIFIED,
  professional: InvestorFlag.QUALIFIED,
  us_person: InvestorFlag.US_PERSON,
  institution: InvestorFlag.INSTITUTION,
};

/**
 * Parses an investor CSV with the header `investor,wallet,country,kyc_valid_until,flags`:
 * `investor` is a 32-byte hex id or an operator reference (hashed into an opaque id; never put personal data in it),
 * `country` an ISO 3166-1 alpha-2 ("DE", any case) or numeric ("276") code, registered as the numeric code,
 * `kyc_valid_until` a unix timestamp or an ISO date, `flags` names joined by `|` (accredited, qualified, us_person,
 * institution). Every problem is reported with its line number; nothing is returned if any row is bad.
 */
export function parseInvestorCsv(text: string, now = Math.floor(Date.now() / 1000)): InvestorRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const errors: string[] = [];
  const rows: InvestorRow[] = [];
  const seenWallets = new Set<string>();
  records.forEach((r, i) => {
    const line = i + 2;
    const problems: string[] = [];
    const ref = r.investor ?? "";
    const id = isHex(ref) && ref.length === 66 ? (ref as Hex) : ref ? investorId(ref) : undefined;
    if (!id) problems.push("investor is empty");
    const wallet = r.wallet ?? "";
    if (!isAddress(wallet, { strict: false })) problems.push(`wallet "${wallet}" is not an address`);
    else if (seenWallets.has(wallet.toLowerCase())) problems.push(`wallet ${wallet} appears twice`);
    else seenWallets.add(wallet.toLowerCase());
    const country = findCountry(r.country ?? "")?.numeric ?? 0;
    if (country === 0) problems.push(`country "${r.country ?? ""}" is not an ISO 3166-1 country: give an alpha-2 code such as DE or a numeric code such as 276`);
    const rawExpiry = r.kyc_valid_until ?? "";
    const expiry = /^\d+$/.test(rawExpiry) ? Number(rawExpiry) : Math.floor(Date.parse(rawExpiry) / 1000);
    if (!Number.isFinite(expiry) || expiry <= now) problems.push(`kyc_valid_until "${rawExpiry}" is not a future date`);
    let flags = 0;
    for (const name of (r.flags ?? "").split("|").map((f) => f.trim().toLowerCase()).filter(Boolean)) {
      const bit = FLAG_NAMES[name];
      if (bit === undefined) problems.push(`unknown flag "${name}"`);
      else flags |= bit;
    }
    if (problems.length) errors.push(`line ${line}: ${problems.join("; ")}`);
    else rows.push({ investorId: id!, wallet: getAddress(wallet), country, kycValidUntil: BigInt(expiry), flags });
  });
  if (errors.length) throw new Error(`Invalid investor CSV:\n${errors.join("\n")}`);
  return rows;
}

/** Splits rows into batches of at most `size`. */
export function batches<T>(rows: T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`Batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
