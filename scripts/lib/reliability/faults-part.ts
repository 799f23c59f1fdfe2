import fs from "node:fs";
import path from "node:path";
import type { Part } from "./parts.ts";

interface FaultResult {
  name: string;
  fault: string;
  pass: boolean;
  recoveryMs?: number;
  differences?: number;
  duplicates?: number;
  lost?: number;
  injectedAt?: string;
  error?: string;
}

/** The fault-injection part: each scenario's fault, recovery time and what the reconciliation found afterwards. */
export const faultsPart: Part = {
  key: "faults",
  title: "Fault injection, each followed by a reconciliation of chain and database",
  anchor: "no published figure from T-REX or CMTAT for fault recovery",
  target: "every scenario: 0 differences, 0 duplicate writes, 0 lost writes",
  command: "npm run faults",
  ci: "every change runs the kill-while-sending scenario (test/server/faults/kill-while-sending.test.ts); all scenarios on demand",
  read(root) {
    const file = path.join(root, "bench/results/faults.json");
    if (!fs.existsSync(file)) return null;
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { measuredAt: string; scenarios: Record<string, FaultResult> };
    const results = Object.values(data.scenarios);
    const passed = results.filter((r) => r.pass).length;
    const sum = (k: "differences" | "duplicates" | "lost") => results.reduce((n, r) => n + (r[k] ?? 0), 0);
    return {
      figure: `${passed}/${results.length} scenarios pass; ${sum("differences")} differences, ${sum("duplicates")} duplicate and ${sum("lost")} lost writes in all`,
      met: results.length > 0 && passed === results.length,
      measuredAt: data.measuredAt.slice(0, 10),
      details: results.map((r) =>
        r.error
          ? `${r.name} (${r.fault}): did not run to the end: ${r.error.split("\n")[0]}`
          : `${r.name} (${r.fault}): struck at ${r.injectedAt}; quiet ${((r.recoveryMs ?? 0) / 1000).toFixed(1)} s later; ${r.differences} differences, ${r.duplicates} duplicates, ${r.lost} lost${r.pass ? "" : " (FAIL)"}.`),
    };
  },
};
