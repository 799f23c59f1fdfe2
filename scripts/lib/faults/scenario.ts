import { startFaultPlatform, type FaultPlatform, type FaultPlatformOptions } from "./fault-platform.ts";
import { judge, type Verdict } from "./judge.ts";
import { createWorkload, type Workload } from "./workload.ts";

/** What a scenario reports of its fault: when it struck (as seen in the database or the logs) and how long recovery took. */
export interface FaultReport {
  /** The moment the fault was injected, in words (e.g. "outbox entry 7 in state sending"). */
  injectedAt: string;
  /**
   * From the fault (the kill, restart included; the PostgreSQL restart; the reorganisation) or, for a cut line, from
   * its restoration, to a quiet platform: nothing open in the outbox, no trade pending, the index at the head.
   */
  recoveryMs: number;
  /** Writes the workload made, by kind. */
  workload: Record<string, number>;
  /** What went wrong besides the reconciliation (e.g. the server died of the fault): any fails the scenario. */
  failures?: string[];
}

export interface Scenario {
  name: string;
  /** The fault, in words. */
  fault: string;
  options?: FaultPlatformOptions;
  run(p: FaultPlatform, w: Workload): Promise<FaultReport>;
}

export interface ScenarioResult extends FaultReport, Omit<Verdict, "reconcile"> {
  name: string;
  fault: string;
  pass: boolean;
  reconcile: Verdict["reconcile"];
  seconds: number;
}

/** Runs one scenario on a fresh platform (market open), judges chain against database, and tears everything down. */
export async function runScenario(scenario: Scenario, log: (line: string) => void = () => {}): Promise<ScenarioResult> {
  const started = performance.now();
  const p = await startFaultPlatform(scenario.options);
  try {
    const w = createWorkload(p);
    await w.openMarket();
    log(`${scenario.name}: platform up, market open`);
    const report = await scenario.run(p, w);
    log(`${scenario.name}: fault at ${report.injectedAt}; quiet ${report.recoveryMs} ms after recovery`);
    const verdict = await judge(p);
    const pass = !report.failures?.length && verdict.differences === 0 && verdict.duplicates === 0 && verdict.lost === 0 && verdict.reconcile.inFlight === 0;
    return { name: scenario.name, fault: scenario.fault, ...report, ...verdict, pass, seconds: Math.round((performance.now() - started) / 100) / 10 };
  } finally {
    await p.close();
  }
}

/** Polls `check` every `everyMs` until it returns a value (not undefined); fails after `timeoutMs`. */
export async function poll<T>(check: () => Promise<T | undefined>, what: string, { timeoutMs = 60_000, everyMs = 2 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
