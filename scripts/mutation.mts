// `npm run mutation`: mutation testing of the core contracts (scripts/lib/mutation/). Each mutant is compiled and
// tested in a copy of the repository under /tmp; outcomes are appended to bench/results/mutation-runs.jsonl as they
// come, so a stopped run resumes where it was. Writes bench/results/mutation.json and docs/MUTATION.md, and exits 1
// on a surviving mutant that is neither killed by a later run nor explained in scripts/lib/mutation/explanations.ts.
//   -- --contracts=Distributor,Settlement   only those contracts
//   -- --max=150                            a deterministic sample (every contract and operator, spread over files)
//   -- --only=<mutant id>[,<id>]            re-run those mutants (after writing a test that should kill them)
//   -- --survivors                          re-run every unexplained mutant whose last run survived
//   -- --render                             rewrite the outputs from the log without running anything
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MUTATION_EXPLANATIONS } from "./lib/mutation/explanations.ts";
import { generateMutants, sampleMutants, type Mutant } from "./lib/mutation/mutants.ts";
import { renderReport, summarize } from "./lib/mutation/report.ts";
import { appendLog, lastBaseline, readLog, runsByMutant } from "./lib/mutation/results.ts";
import { runMutant } from "./lib/mutation/runner.ts";
import { Sandbox } from "./lib/mutation/sandbox.ts";
import { MUTATION_TARGETS, testFiles } from "./lib/mutation/targets.ts";

const root = path.resolve(import.meta.dirname, "..");
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const contracts = arg("contracts")?.split(",");
const max = arg("max") ? Number(arg("max")) : Infinity;
const only = arg("only")?.split(",");
const unknown = contracts?.filter((c) => !MUTATION_TARGETS.some((t) => t.contract === c)) ?? [];
if (unknown.length) {
  console.error(`mutation: unknown contract ${unknown.join(", ")} (known: ${MUTATION_TARGETS.map((t) => t.contract).join(", ")})`);
  process.exit(2);
}

const all = MUTATION_TARGETS.flatMap((t) => generateMutants(root, t));
const log = readLog(root);
let queue: Mutant[];
if (only) queue = all.filter((m) => only.includes(m.id));
else if (process.argv.includes("--survivors")) {
  queue = all.filter((m) => runsByMutant(log, all).get(m.id)?.at(-1)?.outcome === "survived" && !MUTATION_EXPLANATIONS[m.id]);
}
else {
  const done = runsByMutant(log, all);
  queue = sampleMutants(all.filter((m) => !contracts || contracts.includes(m.contract)), max).filter((m) => !done.has(m.id));
}
if (only && queue.length !== only.length) {
  console.error(`mutation: no current mutant ${only.filter((id) => !queue.some((m) => m.id === id)).join(", ")}`);
  process.exit(2);
}

if (!process.argv.includes("--render") && queue.length) {
  console.log(`${all.length} mutants generated; ${queue.length} to run`);
  const box = Sandbox.create(root);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      box.remove();
      process.exit(130);
    });
  }
  try {
    const compiled = await box.compile(600_000);
    if (!compiled.ok) throw new Error(`the unmutated contracts do not compile:\n${compiled.output}`);
    const timeouts = new Map<string, number>();
    for (const target of MUTATION_TARGETS.filter((t) => queue.some((m) => m.contract === t.contract))) {
      const files = testFiles(box.dir, target);
      let baseline = lastBaseline(log, target.contract);
      if (!baseline) {
        const run = await box.test(files, 1_800_000);
        if (!run.ok) throw new Error(`${target.contract}'s tests fail before any mutation:\n${run.output.slice(-3000)}`);
        baseline = { kind: "baseline", contract: target.contract, seconds: Math.round(run.seconds), testedAt: new Date().toISOString() };
        appendLog(root, baseline);
        console.log(`${target.contract}: unmutated tests pass in ${baseline.seconds} s`);
      }
      timeouts.set(target.contract, Math.max(120, 3 * baseline.seconds) * 1000);
    }
    for (const [i, mutant] of queue.entries()) {
      const target = MUTATION_TARGETS.find((t) => t.contract === mutant.contract)!;
      const record = await runMutant(box, mutant, testFiles(box.dir, target), timeouts.get(mutant.contract)!);
      appendLog(root, record);
      console.log(`[${i + 1}/${queue.length}] ${record.outcome.padEnd(9)} ${String(record.seconds).padStart(5)} s  ${mutant.id}${record.outcome === "survived" ? `\n    - ${mutant.before}\n    + ${mutant.after || "(deleted)"}` : ""}`);
    }
  } finally {
    box.remove();
  }
}

const runs = runsByMutant(readLog(root), all);
const machine = `${os.cpus().length} CPUs (shared), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`;
const summary = summarize(MUTATION_TARGETS, all, runs, MUTATION_EXPLANATIONS, machine);
const tests = Object.fromEntries(MUTATION_TARGETS.map((t) => [t.contract, testFiles(root, t)]));
fs.writeFileSync(path.join(root, "bench/results/mutation.json"), `${JSON.stringify(summary, null, 2)}\n`);
fs.writeFileSync(path.join(root, "docs/MUTATION.md"), renderReport(summary, runs, MUTATION_EXPLANATIONS, tests));
const t = summary.total;
console.log(`${t.tested}/${t.generated} tested: ${t.killed} killed, ${t.timedOut} timed out, ${t.survived} survived, ${t.stillborn} stillborn; score ${t.score ?? "–"} %`);
console.log("Wrote docs/MUTATION.md and bench/results/mutation.json");

const open = summary.survivors.filter((s) => s.now === "unexplained").map((s) => s.id);
const stale = Object.keys(MUTATION_EXPLANATIONS).filter((id) => !all.some((m) => m.id === id));
for (const id of open) console.error(`unexplained survivor: ${id}`);
for (const id of stale) console.error(`explanation for a mutant that no longer exists (the line moved?): ${id}`);
process.exit(open.length || stale.length ? 1 : 0);
