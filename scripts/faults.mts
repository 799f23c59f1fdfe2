// `npm run faults`: injects each fault into a real platform (anvil, a throw-away PostgreSQL cluster, the server as a
// child process), lets it recover, reconciles chain and database, and checks what the reconciliation does not (one
// transaction per outbox entry, no trade settled twice). Prints a table and writes bench/results/faults.json.
//   --only=a,b   run these scenarios only (names as printed)
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runScenario, type ScenarioResult } from "./lib/faults/scenario.ts";
import { SCENARIOS } from "./lib/faults/scenarios.ts";

const { values } = parseArgs({ options: { only: { type: "string" } } });
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
if (unknown.length) {
  console.error(`folio faults: unknown scenario(s) ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const results: (ScenarioResult | { name: string; fault: string; pass: false; error: string })[] = [];
for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
  console.log(`\n== ${scenario.name}: ${scenario.fault}`);
  try {
    const result = await runScenario(scenario, (line) => console.log(`  ${line}`));
    results.push(result);
    for (const f of result.findings) console.log(`  ${f}`);
  } catch (error) {
    console.error(error);
    results.push({ name: scenario.name, fault: scenario.fault, pass: false, error: String((error as Error).message ?? error).slice(0, 2000) });
  }
}

console.log(`\n${"Scenario".padEnd(30)} ${"Recovery".padStart(10)} ${"Diff".padStart(5)} ${"Dup".padStart(4)} ${"Lost".padStart(5)}  Result`);
for (const r of results) {
  if ("error" in r) console.log(`${r.name.padEnd(30)} ${"-".padStart(10)} ${"-".padStart(5)} ${"-".padStart(4)} ${"-".padStart(5)}  ERROR ${r.error.split("\n")[0]}`);
  else console.log(`${r.name.padEnd(30)} ${`${r.recoveryMs} ms`.padStart(10)} ${String(r.differences).padStart(5)} ${String(r.duplicates).padStart(4)} ${String(r.lost).padStart(5)}  ${r.pass ? "pass" : "FAIL"}`);
}

const file = path.resolve(import.meta.dirname, "../bench/results/faults.json");
const previous = !only || !fs.existsSync(file) ? {} : (JSON.parse(fs.readFileSync(file, "utf8")).scenarios as Record<string, unknown>);
const scenarios = { ...previous, ...Object.fromEntries(results.map((r) => [r.name, r])) };
fs.writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), scenarios }, null, 2)}\n`);
console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
process.exit(results.every((r) => r.pass) ? 0 : 1);
