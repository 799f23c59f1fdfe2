/** One non-blank line of a CSV file: its 1-based line number (as a spreadsheet shows it) and its trimmed cells. */
export interface CsvLine {
  line: number;
  cells: string[];
}

/**
 * The non-blank lines of a CSV text, split into cells. A leading byte-order mark is dropped; blank lines are
 * skipped but keep the numbering, so every message can name the line a spreadsheet shows.
 */
export function csvLines(text: string): CsvLine[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .flatMap((raw, index) => (raw.trim() === "" ? [] : [{ line: index + 1, cells: splitCsvLine(raw) }]));
}

/** Splits one CSV line into trimmed cells; double-quoted cells may hold commas and "" for a quote. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === ",") {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}
