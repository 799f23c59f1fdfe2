import fs from "node:fs";
import path from "node:path";
import { findNamedTests, uncoveredItems } from "../security-checklist";
import { coverageTotals, type CoverageTotals } from "./coverage.ts";
import { faultsPart } from "./faults-part.ts";
import { soakPart } from "./soak-part.ts";
import { mutationPart } from "./mutation-part.ts";

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
  /** The command (npm script or npx) that measures it at the report's full depth. */
  command: string;
  /** Settings the report adds to the command's environment (where the part writes its figures). */
  env?: Record<string, string>;
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

const INVARIANT_SUITES = ["Security token and identity registry", "Distributor", "Settlement", "Artwork certificates and fraction vault"];
const SERVER_RESULTS = "bench/results/server-security.json";
/** A server suite's summary, as `recordReliabilityResult` (test/support/reliability-results.ts) kept it. */
const serverSummary = <T>(root: string, key: string) => json<Record<string, T & { measuredAt: string }>>(root, SERVER_RESULTS)?.[key] ?? null;

export const PARTS: Part[] = [
  {
    key: "checklist",
    title: "Named attack and invariant tests (checklist sections A–G)",
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
    key: "invariants",
    title: "Stateful invariant runs (checklist section G)",
    anchor: "T-REX v5: 256 runs × depth 64 (Foundry); here fast-check runs of up to 64 commands each",
    target: "256 runs × depth 64 over the token and registry, distributor, settlement and certificates, no failure",
    command: "npm run invariants",
    env: { FOLIO_INVARIANT_RESULTS: "bench/results/invariants.json" },
    ci: "every change, 3 runs × depth 12 per suite with a new seed (a failure prints the seed and path to replay)",
    read(root) {
      const data = json<Record<string, { runs: number; depth: number; commands: number; mined: number; refused: number; seconds: number; measuredAt: string }>>(root, "bench/results/invariants.json");
      if (!data) return null;
      const runs = INVARIANT_SUITES.map((name) => [name, data[name]] as const);
      const full = runs.every(([, r]) => r && r.runs >= 256 && r.depth >= 64);
      return {
        figure: runs.map(([name, r]) => (r ? `${name}: ${r.runs} × ≤ ${r.depth}, ${r.commands.toLocaleString("en")} commands` : `${name}: not run`)).join("; "),
        met: full,
        measuredAt: day(runs.map(([, r]) => r?.measuredAt ?? "").sort().at(-1) ?? ""),
        details: runs.filter(([, r]) => r).map(([name, r]) => `${name}: ${r!.mined.toLocaleString("en")} checked transactions mined, ${r!.refused.toLocaleString("en")} refused as the model predicted, ${r!.seconds} s.`),
      };
    },
  },
  {
    key: "authorization",
    title: "Authorisation matrix (every root field and sensitive field × every role)",
    anchor: "OWASP GraphQL: authorisation on every field; no published figure from the anchors",
    target: "every field in one policy table; every answer as the table says; refused mutations change nothing",
    command: "npx vitest run --project server test/server/authz",
    env: { FOLIO_RELIABILITY_RESULTS: SERVER_RESULTS },
    ci: "every change (test/server/authz/authorization-matrix.test.ts)",
    read(root) {
      const r = serverSummary<{ fields: number; roles: number; requests: number; allowed: number; refused: number }>(root, "authorizationMatrix");
      if (!r) return null;
      return {
        figure: `${r.fields} fields × ${r.roles} roles = ${r.requests.toLocaleString("en")} requests (${r.allowed.toLocaleString("en")} allowed, ${r.refused} refused), all as the table says`,
        met: true,
        measuredAt: day(r.measuredAt),
        details: ["The policy table: `test/server/authz/policy.ts`."],
      };
    },
  },
  {
    key: "badInputs",
    title: "Bad-input corpus (every argument of every operation)",
    anchor: "OWASP input validation; no published figure from the anchors",
    target: "zero accepted, database and chain unchanged after each field",
    command: "npx vitest run --project server test/server/corpus",
    env: { FOLIO_RELIABILITY_RESULTS: SERVER_RESULTS },
    ci: "every change (test/server/corpus/bad-input-corpus.test.ts), with the targeted suites kyc/bad-inputs and market/market-bad-inputs",
    read(root) {
      const r = serverSummary<{ fields: number; variants: number; refusedWithError: number; refusedInData: number; accepted: number }>(root, "badInputCorpus");
      if (!r) return null;
      return {
        figure: `${r.variants.toLocaleString("en")} variants over ${r.fields} fields: ${r.accepted} accepted (${r.refusedWithError.toLocaleString("en")} refused with an error, ${r.refusedInData} answered "not found")`,
        met: r.accepted === 0,
        measuredAt: day(r.measuredAt),
        details: ["Generators: `test/server/corpus/corpus.ts` (wrong types, boundary numbers, malformed addresses, oversized and hostile Unicode strings, malformed documents, replayed sign-ins)."],
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
      const skipped = data.contracts.filter((c) => c.failure).map((c) => c.contract);
      return {
        figure: `${n("proved")} targets proved, ${n("unproved")} unproved (each explained), ${n("counterexample")} counterexamples, over ${analysed.join(", ")}` +
          (skipped.length ? `; not analysable (solc internal error): ${skipped.join(", ")}` : ""),
        // The token's frozen amounts and lock-ups are part of the target: a contract the checker cannot read is a gap.
        met: skipped.length === 0,
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
      // coverage.json (istanbul's, ignored by git) is summed into a small committed file, so the figure survives a
      // fresh clone; a newer coverage run replaces it.
      const summary = path.join(root, "bench/results/contract-coverage.json");
      const fresh = coverageTotals(path.join(root, "coverage.json"));
      if (fresh) fs.writeFileSync(summary, `${JSON.stringify({ ...fresh, measuredAt: mtime(root, "coverage.json") }, null, 2)}\n`);
      const totals = json<CoverageTotals & { measuredAt: string }>(root, "bench/results/contract-coverage.json");
      if (!totals) return null;
      const lines = pct(totals.lines.covered, totals.lines.total);
      const branches = pct(totals.branches.covered, totals.branches.total);
      const weakest = [...totals.files].sort((a, b) => a.branches - b.branches).slice(0, 5);
      return {
        figure: `${lines.toFixed(2)} % lines (${totals.lines.covered}/${totals.lines.total}), ${branches.toFixed(2)} % branches (${totals.branches.covered}/${totals.branches.total})`,
        met: lines >= 98 && branches >= 90,
        measuredAt: totals.measuredAt,
        details: [`Lowest branch coverage: ${weakest.map((f) => `\`${f.file}\` ${f.branches.toFixed(1)} %`).join(", ")}.`],
      };
    },
  },
  faultsPart,
  soakPart,
  mutationPart,
];
