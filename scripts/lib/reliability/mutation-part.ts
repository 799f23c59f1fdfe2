import fs from "node:fs";
import path from "node:path";
import { measuredSpan, type MutationSummary } from "../mutation/report.ts";
import type { Part } from "./parts.ts";

/** Mutation testing of the core contracts, as `npm run mutation` left it in bench/results/mutation.json. */
export const mutationPart: Part = {
  key: "mutation",
  title: "Mutation testing of the core contracts",
  anchor: "T-REX v5 runs mutation testing (no score published); SuMo/Gambit-style operators",
  target: "every surviving mutant killed by a test or explained as equivalent",
  command: "npm run mutation -- --max=160",
  ci: "on demand (about 25 s per mutant: compile and the contract's tests); the tests written for survivors run on every change",
  read(root) {
    const file = path.join(root, "bench/results/mutation.json");
    if (!fs.existsSync(file)) return null;
    const s = JSON.parse(fs.readFileSync(file, "utf8")) as MutationSummary;
    const t = s.total;
    const by = (now: string) => s.survivors.filter((x) => x.now === now).length;
    return {
      figure:
        `score ${t.score ?? "–"} % (first run ${t.initialScore ?? "–"} %) over ${t.tested} of ${t.generated} mutants (${s.mode}): ` +
        `${t.killed} killed, ${t.timedOut} timed out, ${t.survived} survived, ${t.stillborn} stillborn; ` +
        `survivors: ${by("killed")} killed by new tests, ${by("equivalent")} equivalent, ${by("unexplained")} unexplained`,
      met: t.tested > 0 && by("unexplained") === 0,
      measuredAt: s.measuredAt,
      details: [
        `Per contract: ${Object.entries(s.contracts).map(([name, c]) => `${name} ${c.score ?? "–"} % (${c.tested} tested)`).join(", ")}.`,
        ...(s.measuredFrom && s.measuredFrom !== s.measuredAt
          ? [`Runs from ${measuredSpan(s)}: a contract changed since a run has its mutants run again against every test written since ` +
            "(hence a higher first-run score), and an unchanged one keeps its mutants' earlier outcomes."]
          : []),
        `${s.secondsPerMutant.median} s per mutant (median). Every survivor, with the test that kills it or why it is equivalent: [docs/MUTATION.md](MUTATION.md).`,
      ],
    };
  },
};
