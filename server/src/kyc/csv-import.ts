import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { getAddress, isAddress, zeroHash, type Address, type Hex } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { FLAG, newInvestorId, type KycChainWrites } from "./chain-writes.ts";
import { findCountry } from "../../../lib/countries.ts";

export const CSV_COLUMNS = ["wallet", "country", "kyc_valid_until", "flags"] as const;
const MAX_CSV_BYTES = 1024 * 1024;
const MAX_ROWS = 5000;
const MAX_UINT40 = 2n ** 40n - 1n;
/**
 * A batch may use at most this share of the block gas limit: room for the outbox's estimation margin
 * (FOLIO_OUTBOX_GAS_MARGIN_PERCENT) and for other transactions in the same block.
 */
const BATCH_GAS_SHARE_PERCENT = 50n;
/**
 * Upper bounds for a batch the node cannot estimate (e.g. one above the block gas limit), above measured
 * `batchRegisterInvestors` receipts (53,824 gas per investor in batches of 250 on anvil): base and per-investor gas.
 */
const BATCH_BASE_GAS_BOUND = 60_000n;
const INVESTOR_GAS_BOUND = 80_000n;
const FLAG_NAMES: Record<string, number> = {
  accredited: FLAG.accredited, qualified: FLAG.qualified, us_person: FLAG.usPerson, institution: FLAG.institution,
};

export interface CsvRowError {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  message: string;
}

export interface ImportResult {
  /** False when any row was bad: then nothing at all was written. */
  accepted: boolean;
  importId: string | null;
  imported: number;
  batches: number;
  errors: CsvRowError[];
}

interface GoodRow {
  line: number;
  wallet: Address;
  country: number;
  validUntil: bigint;
  flags: number;
}

/**
 * Imports investors verified elsewhere from CSV with the header `wallet,country,kyc_valid_until,flags`: country an
 * ISO 3166-1 alpha-2 (or numeric) code, kyc_valid_until a date (YYYY-MM-DD, valid through the end of that day UTC)
 * or Unix seconds, flags names joined by `|` (accredited, qualified, us_person, institution).
 *
 * Policy: the file is all or nothing. Every row is validated and every bad row is reported with its line number
 * and reason; if any row is bad, nothing of the file is written (an operator fixes the file and sends it again,
 * rather than having to work out which half went in). Good files are registered on chain in batches through the
 * outbox, with random investor ids, in batches sized by gas (at most `batchSize` rows, within half a block).
 */
export async function importInvestorCsv(
  deps: { db: Database; writes: KycChainWrites; log: Logger; batchSize: number },
  actor: Address,
  text: string,
): Promise<ImportResult> {
  const { db, writes, log, batchSize } = deps;
  if (Buffer.byteLength(text, "utf8") > MAX_CSV_BYTES) throw new FolioError("KYC_CSV_TOO_LARGE", `The CSV file must be at most ${MAX_CSV_BYTES} bytes`);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, relax_column_count: true, bom: true });
  } catch (cause) {
    const line = (cause as { lines?: number }).lines ?? 1;
    return rejected([{ line, message: "The file is not valid CSV" }]);
  }
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0]!.split(",").map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return rejected([{ line: 1, message: `The header must name the columns ${CSV_COLUMNS.join(",")} (missing: ${missing.join(", ")})` }]);
  if (records.length === 0) return rejected([{ line: 1, message: "The file has no investor rows" }]);
  if (records.length > MAX_ROWS) return rejected([{ line: 1, message: `At most ${MAX_ROWS} rows per file` }]);

  const chainNow = await writes.chainTime();
  const errors: CsvRowError[] = [];
  const good: GoodRow[] = [];
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const problems: string[] = [];
    const rawWallet = record.wallet ?? "";
    let wallet: Address | null = null;
    if (!isAddress(rawWallet, { strict: false })) problems.push("wallet is not an address");
    else if (seen.has(rawWallet.toLowerCase())) problems.push("wallet appears on an earlier line");
    else {
      wallet = getAddress(rawWallet);
      seen.add(rawWallet.toLowerCase());
    }
    const country = findCountry(record.country ?? "")?.numeric ?? null;
    if (country === null) problems.push("country is not an ISO 3166-1 country code (alpha-2 such as DE or numeric such as 276)");
    const validUntil = parseExpiry(record.kyc_valid_until ?? "");
    if (validUntil === null) problems.push("kyc_valid_until is not a real date (YYYY-MM-DD) or Unix seconds");
    else if (validUntil <= chainNow) problems.push("kyc_valid_until is not in the future");
    else if (validUntil > MAX_UINT40) problems.push("kyc_valid_until is too far in the future");
    let flags = 0;
    for (const name of (record.flags ?? "").split("|").map((f) => f.trim().toLowerCase()).filter(Boolean)) {
      const bit = FLAG_NAMES[name];
      if (bit === undefined) problems.push(`flags has an unknown name (allowed: ${Object.keys(FLAG_NAMES).join(", ")})`);
      else flags |= bit;
    }
    if (problems.length) errors.push({ line, message: problems.join("; ") });
    else good.push({ line, wallet: wallet!, country: country!, validUntil: validUntil!, flags });
  }

  // Wallets already known here or on chain: checked for every otherwise good row, so the report is complete.
  const known = good.length
    ? new Set((await db.query<{ wallet: string }>("select wallet from kyc_wallets where wallet = any($1::text[])", [good.map((r) => r.wallet)])).rows.map((r) => r.wallet))
    : new Set<string>();
  for (let i = 0; i < good.length; i += 25) {
    await Promise.all(good.slice(i, i + 25).map(async (row) => {
      if (known.has(row.wallet)) errors.push({ line: row.line, message: "wallet is already linked to a KYC application" });
      else if ((await writes.investorOf(row.wallet)) !== zeroHash) errors.push({ line: row.line, message: "wallet is already linked to an investor on chain" });
    }));
  }
  if (errors.length) {
    errors.sort((a, b) => a.line - b.line);
    log.info({ msg: "investor import rejected", rows: records.length, badRows: errors.length });
    await recordAuditOutside(db, actor, errors.length, records.length);
    return rejected(errors);
  }

  const importId = randomUUID();
  const rows = good.map((row) => ({ ...row, applicationId: randomUUID(), investorId: newInvestorId() as Hex }));
  const budget = ((await writes.blockGasLimit()) * BATCH_GAS_SHARE_PERCENT) / 100n;
  const sized = await sizeBatches(rows, { maxRows: batchSize, budget, estimate: (batch) => writes.estimateRegisterInvestors(batch) });
  let batches = 0;
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await tx.query(
        `insert into kyc_applications (id, wallet, source, status, investor_id, country, flags, kyc_valid_until, chain_status, decided_at, decided_by)
         values ($1, $2, 'import', 'approved', $3, $4, $5, $6, 'active', now(), $7)`,
        [row.applicationId, row.wallet, row.investorId, row.country, row.flags, row.validUntil.toString(), actor],
      );
      await tx.query("insert into kyc_wallets (wallet, application_id) values ($1, $2)", [row.wallet, row.applicationId]);
    }
    for (const batch of sized) {
      await writes.registerInvestors(tx, `kyc:import:${importId}:batch:${batches}`, batch);
      batches += 1;
    }
    await tx.query("insert into kyc_imports (id, imported_by, rows, batches) values ($1, $2, $3, $4)", [importId, actor, rows.length, batches]);
    await recordAudit(tx, { actor, action: "kyc.import", target: importId, outcome: "success", details: { rows: rows.length, batches } });
  });
  log.info({ msg: "investors imported", importId, rows: rows.length, batches });
  return { accepted: true, importId, imported: rows.length, batches, errors: [] };
}

/**
 * Splits rows, in order, into batches of at most `maxRows` whose estimated gas fits `budget`: a batch over budget (or
 * one the node cannot estimate and whose upper bound is over budget) is halved until it fits. A single row is a batch
 * whatever its estimate: the outbox refuses it if it can never be mined.
 */
export async function sizeBatches<T>(rows: T[], options: { maxRows: number; budget: bigint; estimate(rows: T[]): Promise<bigint | null> }): Promise<T[][]> {
  const pending: T[][] = [];
  for (let i = 0; i < rows.length; i += options.maxRows) pending.push(rows.slice(i, i + options.maxRows));
  const sized: T[][] = [];
  while (pending.length) {
    const batch = pending.shift()!;
    const gas = (await options.estimate(batch)) ?? BATCH_BASE_GAS_BOUND + INVESTOR_GAS_BOUND * BigInt(batch.length);
    if (gas <= options.budget || batch.length === 1) sized.push(batch);
    else {
      const half = Math.ceil(batch.length / 2);
      pending.unshift(batch.slice(0, half), batch.slice(half));
    }
  }
  return sized;
}

function rejected(errors: CsvRowError[]): ImportResult {
  return { accepted: false, importId: null, imported: 0, batches: 0, errors };
}

async function recordAuditOutside(db: Database, actor: Address, badRows: number, rows: number) {
  await db.transaction((tx) => recordAudit(tx, { actor, action: "kyc.import", outcome: "failure", details: { code: "KYC_CSV_INVALID", rows, badRows } }));
}

/** YYYY-MM-DD (a real date; valid through 23:59:59 UTC of that day) or Unix seconds. */
function parseExpiry(value: string): bigint | null {
  if (/^\d{1,12}$/.test(value)) return BigInt(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return BigInt(date.getTime() / 1000 + 86_399);
}
