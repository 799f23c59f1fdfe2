import { getAddress, isAddress } from "viem";
import { csvLines } from "../../ui/csv.ts";
import { findCountry } from "../../../../lib/countries.ts";

/** The columns the server's importInvestors reads, in any order. */
export const INVESTOR_CSV_COLUMNS = ["wallet", "country", "kyc_valid_until", "flags"] as const;
export const INVESTOR_FLAGS = ["accredited", "qualified", "us_person", "institution"] as const;
/** The server takes at most this many rows per file. */
export const MAX_INVESTOR_ROWS = 5000;
const MAX_UINT40 = 2 ** 40 - 1;

/** One row of an investor import as the preview shows it. */
export interface InvestorCsvRow {
  line: number;
  wallet: string;
  country: string;
  validUntil: string;
  flags: string;
  /** For a good row: the country's English name and the expiry as a UTC date. */
  countryName?: string;
  validUntilDate?: string;
  errors: string[];
}

export interface InvestorCsvResult {
  rows: InvestorCsvRow[];
  /** Problems with the file as a whole (no header, no rows, too many rows). */
  fileErrors: string[];
  /** True only when the file may be sent: no file error and every row good. */
  sendable: boolean;
}

/**
 * Reads an investor import file as the server will (wallet,country,kyc_valid_until,flags; see the server's
 * csv-import.ts), so a bad row is shown next to its line before anything is sent. `now` is the browser's clock in
 * Unix seconds; the server checks the expiry against chain time again.
 */
export function parseInvestorCsv(text: string, now: number = Math.floor(Date.now() / 1000)): InvestorCsvResult {
  const [header, ...body] = csvLines(text);
  if (!header) return { rows: [], fileErrors: ["The file is empty: it needs the header wallet,country,kyc_valid_until,flags and one line per investor"], sendable: false };
  const names = header.cells.map((c) => c.toLowerCase());
  const missing = INVESTOR_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) {
    return { rows: [], fileErrors: [`Line ${header.line}: the first line must name the columns ${INVESTOR_CSV_COLUMNS.join(",")} (missing: ${missing.join(", ")})`], sendable: false };
  }
  const fileErrors: string[] = [];
  if (body.length === 0) fileErrors.push("The file has a header but no investors");
  if (body.length > MAX_INVESTOR_ROWS) fileErrors.push(`At most ${MAX_INVESTOR_ROWS} investors per file (this one has ${body.length})`);

  const cell = (cells: string[], column: (typeof INVESTOR_CSV_COLUMNS)[number]) => cells[names.indexOf(column)] ?? "";
  const seen = new Map<string, number>();
  const rows = body.map(({ line, cells }): InvestorCsvRow => {
    const row: InvestorCsvRow = { line, wallet: cell(cells, "wallet"), country: cell(cells, "country"), validUntil: cell(cells, "kyc_valid_until"), flags: cell(cells, "flags"), errors: [] };
    const { errors } = row;
    if (row.wallet === "") errors.push("the wallet is missing");
    else if (!isAddress(row.wallet, { strict: false })) errors.push(`"${row.wallet}" is not a wallet address`);
    else {
      const key = getAddress(row.wallet);
      const earlier = seen.get(key);
      if (earlier !== undefined) errors.push(`this wallet is already on line ${earlier}`);
      else seen.set(key, line);
    }
    const country = row.country === "" ? null : findCountry(row.country);
    if (row.country === "") errors.push("the country is missing");
    else if (!country) errors.push(`"${row.country}" is not an ISO 3166-1 country code (such as DE or 276)`);
    else row.countryName = country.name;
    const expiry = parseExpiry(row.validUntil);
    if (row.validUntil === "") errors.push("kyc_valid_until is missing");
    else if (expiry === null) errors.push(`kyc_valid_until "${row.validUntil}" is not a real date (YYYY-MM-DD) or Unix seconds`);
    else if (expiry <= now) errors.push("kyc_valid_until is not in the future");
    else if (expiry > MAX_UINT40) errors.push("kyc_valid_until is too far in the future");
    else row.validUntilDate = new Date(expiry * 1000).toISOString().slice(0, 10);
    for (const flag of row.flags.split("|").map((f) => f.trim().toLowerCase()).filter(Boolean)) {
      if (!(INVESTOR_FLAGS as readonly string[]).includes(flag)) errors.push(`"${flag}" is not a flag (allowed: ${INVESTOR_FLAGS.join(", ")}, joined by |)`);
    }
    return row;
  });
  return { rows, fileErrors, sendable: fileErrors.length === 0 && rows.every((r) => r.errors.length === 0) };
}

/** YYYY-MM-DD (a real date, valid through 23:59:59 UTC of that day) or Unix seconds, as the server reads it. */
export function parseExpiry(value: string): number | null {
  if (/^\d{1,12}$/.test(value)) return Number(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.getTime() / 1000 + 86_399;
}

/** The server's per-line errors merged into the preview's rows (a line the preview lacks becomes a file error). */
export function withServerErrors(result: InvestorCsvResult, serverErrors: readonly { line: number; message: string }[]): InvestorCsvResult {
  const byLine = new Map<number, string[]>();
  for (const e of serverErrors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.message]);
  const rows = result.rows.map((r) => (byLine.has(r.line) ? { ...r, errors: [...r.errors, ...byLine.get(r.line)!] } : r));
  const known = new Set(result.rows.map((r) => r.line));
  const fileErrors = [...result.fileErrors, ...serverErrors.filter((e) => !known.has(e.line)).map((e) => `Line ${e.line}: ${e.message}`)];
  return { rows, fileErrors, sendable: false };
}
