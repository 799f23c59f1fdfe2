import fs from "node:fs";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract } from "ethers";
import type { StaticCallBatch } from "../../../typechain-types";

/**
 * Stateful invariant runs (checklist section G): fast-check generates sequences of commands, each command acts on the
 * chain and on a small TypeScript model, and after every command the suite's invariants are checked against the
 * chain. Every run starts from the same deployed state and chain time (`startRun`): `loadFixture` deploys once,
 * then reverts to its `evm_snapshot` before each run.
 *
 * Size: FOLIO_INVARIANT_RUNS runs of at most FOLIO_INVARIANT_DEPTH commands. The defaults are the CI size;
 * `npm run invariants` runs the full 256 × 64 (T-REX v5's invariant profile).
 *
 * Replay: a failure prints `seed`, `path` and the command list's `replayPath` (as `/*replayPath="..."*\/` after the
 * shrunk commands). Run the same file again with
 *   FOLIO_INVARIANT_SEED=<seed> FOLIO_INVARIANT_PATH=<path> FOLIO_INVARIANT_REPLAY=<replayPath> \
 *   npx hardhat test test/contracts/invariants/<contract>.invariants.test.ts
 * (same runs and depth as the failing run) to go straight to the shrunk counterexample.
 */
export interface InvariantConfig {
  runs: number;
  depth: number;
  seed?: number;
  path?: string;
  replayPath?: string;
}

// CI size: all four invariant files together stay under a minute on a loaded 2-core machine.
const CI_RUNS = 3;
const CI_DEPTH = 12;

export function invariantConfig(env: NodeJS.ProcessEnv = process.env): InvariantConfig {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
    return value;
  };
  const seed = env.FOLIO_INVARIANT_SEED;
  return {
    runs: int("FOLIO_INVARIANT_RUNS", CI_RUNS),
    depth: int("FOLIO_INVARIANT_DEPTH", CI_DEPTH),
    seed: seed === undefined || seed === "" ? undefined : Number(seed),
    path: env.FOLIO_INVARIANT_PATH || undefined,
    replayPath: env.FOLIO_INVARIANT_REPLAY || undefined,
  };
}

/** A command whose precondition is always true: commands that do not apply to the model's state do nothing. */
export class Step<M extends object, R> implements fc.AsyncCommand<M, R> {
  constructor(
    private readonly label: string,
    private readonly act: (model: M, real: R) => Promise<void>,
    private readonly invariants: (model: M, real: R) => Promise<void>,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: M, real: R): Promise<void> {
    await this.act(model, real);
    await this.invariants(model, real);
  }

  toString(): string {
    return this.label;
  }
}

/** Transactions sent through `attempt` in this suite: a run where nothing is mined (or nothing refused) proves little. */
const outcomes = { mined: 0, refused: 0 };

/** Sends a transaction whose outcome the command compares with the model's: whether it was mined, or its revert. */
export async function attempt(send: () => Promise<{ wait(): Promise<unknown> }>): Promise<{ ok: boolean; error?: unknown }> {
  try {
    await (await send()).wait();
    outcomes.mined++;
    return { ok: true };
  } catch (error) {
    if (!(error as { data?: unknown }).data && !/revert/i.test(String((error as Error).message))) throw error;
    outcomes.refused++;
    return { ok: false, error };
  }
}

export interface Suite<F, M extends object> {
  /** The contracts under test, as the reliability report names them. */
  name: string;
  fixture: () => Promise<F>;
  model: (fixture: F) => Promise<M> | M;
  commands: fc.Arbitrary<fc.AsyncCommand<M, F>>[];
  /** Runs after every command and once before the first (the deployed state must satisfy them too). */
  invariants: (model: M, real: F) => Promise<void>;
}

/**
 * The fixture's state at the fixture's chain time. A revert restores the snapshot's blocks but not its clock: the
 * in-process network's next block then lies ahead of the latest by about twice the wall time since the first
 * snapshot (measured with Hardhat 2.29 / EDR 0.12), so after half an hour of runs a command that reads
 * `time.latest()` saw a block an hour older than the one its transaction landed in. Mining one block right after
 * the latest re-anchors the clock, so every run's commands see the same time, however many ran before.
 */
export async function startRun<F>(fixture: () => Promise<F>): Promise<F> {
  const real = await loadFixture(fixture);
  await time.setNextBlockTimestamp((await time.latest()) + 1);
  await ethers.provider.send("evm_mine", []);
  return real;
}

/** Runs `suite` with the configured size, seed and replay path. */
export async function checkInvariants<F, M extends object>(suite: Suite<F, M>, config = invariantConfig()) {
  const started = Date.now();
  let commandsRun = 0;
  outcomes.mined = outcomes.refused = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.commands(suite.commands, { maxCommands: config.depth, size: "max", replayPath: config.replayPath }),
      async (commands) => {
        const real = await startRun(suite.fixture);
        const model = await suite.model(real);
        await suite.invariants(model, real);
        await fc.asyncModelRun(() => ({ model, real }), commands);
        commandsRun += [...commands].length;
      },
    ),
    { numRuns: config.runs, seed: config.seed, path: config.path, endOnFailure: config.path !== undefined, verbose: 1 },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  recordRun(suite.name, { runs: config.runs, depth: config.depth, commands: commandsRun, ...outcomes, seconds: Number(seconds) });
  console.log(
    `      ${config.runs} runs × depth ≤ ${config.depth}: ${commandsRun} commands in ${seconds} s ` +
      `(${outcomes.mined} checked transactions mined, ${outcomes.refused} refused)`,
  );
}

/**
 * With FOLIO_INVARIANT_RESULTS set (the reliability report sets it), each passing suite's size and outcome is kept
 * in that JSON file by suite name, so the report quotes what was actually run.
 */
function recordRun(name: string, run: Record<string, number>) {
  const file = process.env.FOLIO_INVARIANT_RESULTS;
  if (!file) return;
  const results = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  results[name] = { ...run, measuredAt: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

const READ_CHUNK = Number(process.env.FOLIO_INVARIANT_CHUNK ?? 8);

/** One view call of a batch: the contract, the function's name and its arguments. */
export type View = [contract: BaseContract, fn: string, args?: unknown[]];

export async function deployBatch(): Promise<StaticCallBatch> {
  return (await (await ethers.getContractFactory("StaticCallBatch")).deploy()) as unknown as StaticCallBatch;
}

/**
 * Every view's result in one `eth_call` (one call per view costs ~2.5 ms in-process, and the invariants read dozens
 * after every command): the single return value of each, or the whole result when a view returns several.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readAll(batch: StaticCallBatch, views: View[]): Promise<any[]> {
  const results: string[] = [];
  // Batches of a few views: one call's cost grows faster than its length (56 views in one call took 4x the time of
  // the same views in 7 calls of 8).
  for (let start = 0; start < views.length; start += READ_CHUNK) {
    const chunk = views.slice(start, start + READ_CHUNK);
    const targets = chunk.map(([contract]) => contract.target as string);
    const calls = chunk.map(([contract, fn, args = []]) => contract.interface.encodeFunctionData(fn, args));
    results.push(...(await batch.read(targets, calls)));
  }
  return views.map(([contract, fn], i) => {
    const decoded = contract.interface.decodeFunctionResult(fn, results[i]!);
    return decoded.length === 1 ? decoded[0] : decoded;
  });
}
