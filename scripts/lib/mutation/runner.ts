import type { Mutant } from "./mutants.ts";
import type { MutantRecord, Outcome } from "./results.ts";
import { firstFailure, type Sandbox } from "./sandbox.ts";

/** solc-js recompiles the largest contract and its dependents in about 20 s on a loaded machine. */
const COMPILE_TIMEOUT_MS = 300_000;

/**
 * Writes the mutant into the sandbox, compiles it and runs its contract's tests with --bail: a compile error is
 * stillborn, a failing test kills it, a run past the timeout counts as killed (reported apart), passing tests mean
 * it survived. The original file is back in place afterwards, whatever happened.
 */
export async function runMutant(box: Sandbox, mutant: Mutant, tests: string[], timeoutMs: number): Promise<MutantRecord> {
  const { mutatedSource: _, ...described } = mutant;
  const record = (outcome: Outcome, seconds: number, killedBy?: string): MutantRecord => ({
    kind: "mutant",
    ...described,
    outcome,
    seconds: Math.round(seconds * 10) / 10,
    ...(killedBy ? { killedBy } : {}),
    testedAt: new Date().toISOString(),
  });
  box.write(mutant.file, mutant.mutatedSource);
  try {
    const compiled = await box.compile(COMPILE_TIMEOUT_MS);
    if (!compiled.ok) return record("stillborn", compiled.seconds);
    const run = await box.test(tests, timeoutMs);
    const seconds = compiled.seconds + run.seconds;
    if (run.timedOut) return record("timedOut", seconds);
    return run.ok ? record("survived", seconds) : record("killed", seconds, firstFailure(run.output) ?? "the test run failed before any test");
  } finally {
    box.restore(mutant.file);
  }
}
