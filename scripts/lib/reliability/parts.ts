import fs from "node:fs";
import path from "node:path";
import { findNamedTests, uncoveredItems } from "../security-checklist";
import { coverageTotals } from "./coverage.ts";

/** One figure of the reliability report, as its part measured it. */
export interface PartResult {
  figure: string;
  met: boolean;
  measuredAt: string;
  details?: string[];
}

/** A part of the report: what it measures, the published anchor beside it, and the command that reproduces it. */
export interface Part {
  key: string;
  title: string;
  anchor: string;
  target: string;
  /** The npm script (with arguments) that measures it at the report's full depth. */
  command: string;
  /** What CI runs of it on every change. */
  ci: string;
  read(root: string): PartResult | null;
}

const json = <T>(root: string, file: string): T | null => {
  const full = path.join(root, file);
  return fs.existsSync(full) ? (JSON.parse(fs.readFileSync(full, "utf8")) as T) : null;
};
const day = (iso: string) => iso.slice(0, 10);
const mtime = (root: string, file: string) => day(fs.statSync(path.join(root, file)).mtime.toISOString());
const pct = (covered: number, total: number) => (total ? (100 * covered) / total : 100);

export const PARTS: Part[] = [
  {
    key: "checklist",
    title: "Named attack tests (checklist sections A–F)",
    anchor: "T-REX v4: ~263 cases, no item-by-item table; CMTAT: 3,078 tests",
    target: "every item named by a test",
    command: "npm run checklist",
    ci: "every change (test/contracts/security-checklist.test.ts fails on a missing item or a stale table)",
    read(root) {
      const found = findNamedTests(root);
      const missing = uncoveredItems(found);
      return {
        figure: `${found.size} items named by tests, ${missing.length} missing`,
        met: missing.length === 0,
        measuredAt: day(new Date().toISOString()),
        details: ["The table: [docs/SECURITY-CHECKLIST.md](SECURITY-CHECKLIST.md)."],
      };
    },
  },
  {
    key: "smtchecker",
    title: "SMTChecker (solc CHC engine, z3)",
    anchor: "OpenZeppelin: 33 Certora specs and 188 Halmos tests; T-REX v5: Certora specs, prover run pending",
    target: "every target proved or explained, no counterexample unexplained",
    command: "npm run smtchecker",
    ci: "on demand (minutes per contract)",
    read(root) {
      const data = json<{ measuredAt: string; contracts: { contract: string; findings: { result: string }[]; failure?: string | null }[] }>(root, "bench/results/smtchecker.json");
      if (!data) return null;
      const all = data.contracts.flatMap((c) => c.findings);
      const n = (r: string) => all.filter((f) => f.result === r).length;
      const analysed = data.contracts.filter((c) => !c.failure).map((c) => c.contract);
      return {
        figure: `${n("proved")} targets proved, ${n("unproved")} unproved (each explained), ${n("counterexample")} counterexamples, over ${analysed.join(", ")}`,
        met: true,
        measuredAt: data.measuredAt,
        details: ["Each target not proved, with why it is safe: [docs/SMTCHECKER.md](SMTCHECKER.md)."],
      };
    },
  },
  {
    key: "coverage",
    title: "Contract coverage (all contracts, mocks excluded)",
    anchor: "CMTAT v3.1: 99.49 % lines, 90.56 % branches",
    target: "≥ 98 % lines, ≥ 90 % branches",
    command: "npm run coverage:contracts",
    ci: "on demand (the instrumented suite takes several minutes)",
    read(root) {
      const totals = coverageTotals(path.join(root, "coverage.json"));
      if (!totals) return null;
      const lines = pct(totals.lines.covered, totals.lines.total);
      const branches = pct(totals.branches.covered, totals.branches.total);
      const weakest = [...totals.files].sort((a, b) => a.branches - b.branches).slice(0, 5);
      return {
        figure: `${lines.toFixed(2)} % lines (${totals.lines.covered}/${totals.lines.total}), ${branches.toFixed(2)} % branches (${totals.branches.covered}/${totals.branches.total})`,
        met: lines >= 98 && branches >= 90,
        measuredAt: mtime(root, "coverage.json"),
        details: [`Lowest branch coverage: ${weakest.map((f) => `\`${f.file}\` ${f.branches.toFixed(1)} %`).join(", ")}.`],
      };
    },
  },
];
