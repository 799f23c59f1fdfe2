// `npm run smtchecker`: solc's SMTChecker (CHC engine, z3) over the contracts holding the platform's arithmetic.
// Writes docs/SMTCHECKER.md and bench/results/smtchecker.json; exits 1 on a counterexample or on a target that is
// neither proved nor explained in scripts/lib/smtchecker/explanations.ts. Needs z3 (Debian: apt-get install z3).
// FOLIO_SMT_TIMEOUT_MS sets the limit per solver query (default 5000); FOLIO_SMT_CONTRACTS=A,B limits the run and
// replaces only those contracts' results, keeping the others' from the last run when it used the same limit;
// `-- --render` rewrites the page from the last results (after editing an explanation) without running the solver.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { checkContract, type ContractResult } from "./lib/smtchecker/check-contract.ts";
import { SMT_EXPLANATIONS } from "./lib/smtchecker/explanations.ts";
import { findingKey } from "./lib/smtchecker/findings.ts";
import { open, renderReport } from "./lib/smtchecker/report.ts";
import { z3Available } from "./lib/smtchecker/solve.ts";
import { SMT_TARGETS } from "./lib/smtchecker/targets.ts";

const root = path.resolve(import.meta.dirname, "..");
const render = process.argv.includes("--render");
if (!render && !z3Available()) {
  console.error("smtchecker: z3 is not installed (Debian: apt-get install z3)");
  process.exit(2);
}
const timeoutMs = Number(process.env.FOLIO_SMT_TIMEOUT_MS ?? 5000);
const only = process.env.FOLIO_SMT_CONTRACTS?.split(",").map((s) => s.trim());
const targets = SMT_TARGETS.filter((t) => !only || only.includes(t.contract));

const resultsFile = path.join(root, "bench/results/smtchecker.json");
type LastRun = { measuredAt: string; machine: string; timeoutMs: number; solc: string; z3: string; contracts: (Omit<ContractResult, "target" | "measuredAt"> & { contract: string; measuredAt?: string })[] };
const previous = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, "utf8")) as LastRun) : null;
const last = render ? previous : null;
// A partial run merges into the last results only when both used the same limit per query.
const kept = render ? previous!.contracts : only && previous?.timeoutMs === timeoutMs ? previous.contracts.filter((c) => !only.includes(c.contract)) : null;
const results: ContractResult[] = (kept ?? []).flatMap((c) => {
  const target = SMT_TARGETS.find((t) => t.contract === c.contract);
  // Results written before contracts carried their own date share the run's.
  return target ? [{ ...c, target, failure: c.failure ?? null, measuredAt: c.measuredAt ?? previous!.measuredAt }] : [];
});
for (const target of render ? [] : targets) {
  process.stdout.write(`${target.contract}: `);
  const result = checkContract(root, target, timeoutMs);
  results.push(result);
  const by = (r: string) => result.findings.filter((f) => f.result === r).length;
  if (result.failure) {
    console.log(`not analysed (${result.failure})`);
    continue;
  }
  console.log(`${by("proved")} proved, ${by("unproved")} unproved, ${by("counterexample")} counterexamples in ${result.seconds.toFixed(0)} s`);
}

const require = createRequire(import.meta.url);
const meta = last ? { measuredAt: last.measuredAt, machine: last.machine, timeoutMs: last.timeoutMs, solc: last.solc, z3: last.z3 } : {
  measuredAt: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`,
  timeoutMs,
  solc: (require("solc") as { version(): string }).version().split("+")[0]!,
  z3: execFileSync("z3", ["--version"], { encoding: "utf8" }).trim().replace(/ - \d+ bit$/, ""),
};
results.sort((a, b) => SMT_TARGETS.indexOf(a.target) - SMT_TARGETS.indexOf(b.target));
const unexplained = results.flatMap((r) => r.findings).filter((f) => open(f) && !SMT_EXPLANATIONS[findingKey(f)]);
if (!only || kept) {
  fs.writeFileSync(path.join(root, "docs/SMTCHECKER.md"), renderReport(results, SMT_EXPLANATIONS, meta));
  fs.writeFileSync(
    resultsFile,
    `${JSON.stringify({ ...meta, contracts: results.map((r) => ({ contract: r.target.contract, measuredAt: r.measuredAt, seconds: Math.round(r.seconds), unsupported: r.unsupported, failure: r.failure, findings: r.findings })) }, null, 2)}\n`,
  );
  console.log("Wrote docs/SMTCHECKER.md and bench/results/smtchecker.json");
}
for (const f of unexplained) console.error(`unexplained ${f.result}: ${f.check} at ${f.file}:${f.line} ${f.code}`);
process.exit(unexplained.length ? 1 : 0);
