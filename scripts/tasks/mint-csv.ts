import { parse } from "csv-parse/sync";
import { getAddress, isAddress, type Address } from "viem";
import { TaskError } from "./task-error";
import { parseAmount } from "./task-context";

/** One row of a batch-mint file, with the file line it came from. */
export interface MintRow {
  line: number;
  wallet: Address;
  amount: bigint;
}

/**
 * Parses a batch-mint CSV with the header `wallet,amount` (amounts in tokens, up to the token's decimals). Every
 * problem is reported with its line number, and nothing is returned while any row is bad.
 */
export function parseMintCsv(text: string, decimals: number): MintRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new TaskError("CSV_INVALID", `The file is not readable CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new TaskError("CSV_INVALID", "The file has no rows: it needs the header wallet,amount and one row per wallet");
  const columns = Object.keys(records[0]!);
  if (!columns.includes("wallet") || !columns.includes("amount")) {
    throw new TaskError("CSV_INVALID", `The header must name the columns wallet,amount (found: ${columns.join(",")})`);
  }
  const errors: string[] = [];
  const rows: MintRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const line = i + 2;
    const problems: string[] = [];
    const wallet = record.wallet ?? "";
    if (!isAddress(wallet, { strict: false })) problems.push(`wallet "${wallet}" is not an address`);
    else if (seen.has(wallet.toLowerCase())) problems.push(`wallet ${wallet} is already on line ${seen.get(wallet.toLowerCase())}`);
    else seen.set(wallet.toLowerCase(), line);
    let amount = 0n;
    try {
      amount = parseAmount(record.amount ?? "", decimals, "amount");
    } catch (error) {
      problems.push((error as TaskError).message.replace(/^AMOUNT_INVALID: /, ""));
    }
    if (problems.length) errors.push(`line ${line}: ${problems.join("; ")}`);
    else rows.push({ line, wallet: getAddress(wallet), amount });
  });
  if (errors.length) throw new TaskError("CSV_INVALID", `Nothing was sent; fix these rows:\n${errors.join("\n")}`);
  return rows;
}
