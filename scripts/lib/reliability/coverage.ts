import fs from "node:fs";

interface IstanbulFile {
  l?: Record<string, number>;
  s: Record<string, number>;
  b: Record<string, number[]>;
  f: Record<string, number>;
}

export interface CoverageTotals {
  lines: { covered: number; total: number };
  branches: { covered: number; total: number };
  files: { file: string; lines: number; branches: number }[];
}

/** Totals of solidity-coverage's istanbul `coverage.json` over Folio's own contracts (mocks excluded). */
export function coverageTotals(file: string): CoverageTotals | null {
  if (!fs.existsSync(file)) return null;
  const data = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, IstanbulFile>;
  const totals: CoverageTotals = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 }, files: [] };
  for (const [name, entry] of Object.entries(data)) {
    if (/\/mocks\//.test(name)) continue;
    const lines = Object.values(entry.l ?? entry.s);
    const branches = Object.values(entry.b).flat();
    const hit = (xs: number[]) => xs.filter((n) => n > 0).length;
    totals.lines.covered += hit(lines);
    totals.lines.total += lines.length;
    totals.branches.covered += hit(branches);
    totals.branches.total += branches.length;
    const pct = (a: number, b: number) => (b ? (100 * a) / b : 100);
    totals.files.push({ file: name.replace(/^.*?contracts\//, "contracts/"), lines: pct(hit(lines), lines.length), branches: pct(hit(branches), branches.length) });
  }
  return totals;
}
