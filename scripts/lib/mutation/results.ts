import fs from "node:fs";
import path from "node:path";
import type { Mutant } from "./mutants.ts";

export type Outcome = "killed" | "survived" | "stillborn" | "timedOut";

/** One mutant's run, appended to the log as soon as it ends: an interrupted run resumes where it stopped. */
export interface MutantRecord extends Omit<Mutant, "mutatedSource"> {
  kind: "mutant";
  outcome: Outcome;
  seconds: number;
  /** The first failing test (file › title) for a killed mutant. */
  killedBy?: string;
  testedAt: string;
}

/** The unmutated tests of one contract: they must pass, and their time sets the mutants' timeout. */
export interface BaselineRecord {
  kind: "baseline";
  contract: string;
  seconds: number;
  testedAt: string;
}

export type RunRecord = MutantRecord | BaselineRecord;

export const RUN_LOG = "bench/results/mutation-runs.jsonl";

export function readLog(root: string): RunRecord[] {
  const file = path.join(root, RUN_LOG);
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as RunRecord);
}

export function appendLog(root: string, record: RunRecord): void {
  fs.appendFileSync(path.join(root, RUN_LOG), `${JSON.stringify(record)}\n`);
}

/** Each mutant's runs against the current source, oldest first (a mutant re-run after a new test has two). */
export function runsByMutant(records: RunRecord[], current: Mutant[]): Map<string, MutantRecord[]> {
  const hashes = new Map(current.map((m) => [m.id, m.sourceHash]));
  const runs = new Map<string, MutantRecord[]>();
  for (const r of records) {
    if (r.kind !== "mutant" || hashes.get(r.id) !== r.sourceHash) continue;
    runs.set(r.id, [...(runs.get(r.id) ?? []), r]);
  }
  return runs;
}

export function lastBaseline(records: RunRecord[], contract: string): BaselineRecord | undefined {
  return records.filter((r): r is BaselineRecord => r.kind === "baseline" && r.contract === contract).at(-1);
}
