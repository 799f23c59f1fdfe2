import { getAddress, isAddress, type Address } from "viem";
import { parseAmount } from "../../ui/amount.ts";
import { splitCsvLine } from "../../ui/csv.ts";

/** One row of a batch-mint file as the preview shows it: the file line, what it says, and what is wrong with it. */
export interface MintCsvRow {
  line: number;
  wallet: string;
  amountText: string;
  /** Set when the row is good. */
  mint?: { wallet: Address; amount: bigint };
  errors: string[];
}

export interface MintCsvResult {
  rows: MintCsvRow[];
  /** Problems with the file as a whole (no header, no rows). */
  fileErrors: string[];
  /** The mints to send: only when every row is good, else empty. */
  mints: { wallet: Address; amount: bigint }[];
  total: bigint;
}

/**
 * Reads a batch-mint CSV: a header `wallet,amount` (either order, any case) and one row per wallet, amounts in token
 * units with at most the token's decimals. Blank lines are skipped but keep the numbering, so every error names the
 * line a spreadsheet shows. Nothing is returned to send while any row is bad.
 */
export function parseMintCsv(text: string, decimals: number): MintCsvResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const fileErrors: string[] = [];
  const rows: MintCsvRow[] = [];
  let walletColumn = -1;
  let amountColumn = -1;
  let columnCount = 0;
  let headerSeen = false;
  const seen = new Map<string, number>();

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    const cells = splitCsvLine(raw);
    if (!headerSeen) {
      headerSeen = true;
      const names = cells.map((c) => c.toLowerCase());
      walletColumn = names.indexOf("wallet");
      amountColumn = names.indexOf("amount");
      columnCount = cells.length;
      if (walletColumn < 0 || amountColumn < 0) {
        fileErrors.push(`Line ${line}: the first line must be the header wallet,amount (found: ${raw.trim()})`);
      }
      return;
    }
    if (fileErrors.length) return;
    const wallet = cells[walletColumn] ?? "";
    const amountText = cells[amountColumn] ?? "";
    const errors: string[] = [];
    if (cells.length > columnCount && cells.slice(columnCount).some((c) => c !== "")) {
      errors.push("has more cells than the header (write amounts without thousands separators)");
    }
    let address: Address | null = null;
    if (wallet === "") errors.push("the wallet is missing");
    else if (!isAddress(wallet, { strict: false })) errors.push(`"${wallet}" is not a wallet address`);
    else if (!isAddress(wallet)) errors.push(`${wallet} has a wrong checksum (mixed case that does not match): check for a typo`);
    else {
      address = getAddress(wallet);
      const earlier = seen.get(address);
      if (earlier !== undefined) errors.push(`this wallet is already on line ${earlier}`);
      else seen.set(address, line);
    }
    const amount = parseAmount(amountText, decimals);
    if (!amount.ok) errors.push(amount.error);
    rows.push({ line, wallet, amountText, errors, mint: errors.length === 0 && address && amount.ok ? { wallet: address, amount: amount.value } : undefined });
  });

  if (!headerSeen) fileErrors.push("The file is empty: it needs the header wallet,amount and one line per wallet");
  else if (!fileErrors.length && rows.length === 0) fileErrors.push("The file has a header but no wallets to mint to");
  const good = !fileErrors.length && rows.every((r) => r.errors.length === 0);
  const mints = good ? rows.map((r) => r.mint!) : [];
  return { rows, fileErrors, mints, total: mints.reduce((sum, m) => sum + m.amount, 0n) };
}
