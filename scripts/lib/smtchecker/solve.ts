import { execFileSync } from "node:child_process";

/** Whether the `z3` solver is on PATH (Debian: `apt-get install z3`). */
export function z3Available(): boolean {
  try {
    execFileSync("z3", ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

/**
 * solc-js's SMT callback, answering each query with z3. solc's own helper hard-codes a 10 s limit per query; a
 * whole contract sends hundreds of queries, so the limit is ours to set. z3 exits non-zero on `unknown` or a
 * timeout; its answer is still on stdout, and "unknown" makes solc report the target as unproved, not safe.
 */
export function z3Callback(timeoutMs: number) {
  // The solver flags solc recommends for its CHC engine (spacer settings), from solc's own solver list.
  const { availableSolvers } = require("solc/smtsolver") as { availableSolvers: { name: string; params: string }[] };
  const params = (availableSolvers.find((s) => s.name === "z3")?.params ?? "-smt2").split(" ").filter(Boolean);
  return (query: string): { contents: string } | { error: string } => {
    try {
      return { contents: run(params, query, timeoutMs) };
    } catch (error) {
      return { error: String(error) };
    }
  };
}

function run(params: string[], query: string, timeoutMs: number): string {
  try {
    return answer(execFileSync("z3", [...params, `-T:${Math.max(1, Math.ceil(timeoutMs / 1000))}`, "-in"], {
      input: query, encoding: "utf8", stdio: "pipe", maxBuffer: 1 << 30,
    }));
  } catch (error) {
    const stdout = String((error as { stdout?: unknown }).stdout ?? "");
    if (/^(sat|unsat|unknown|timeout|\(error|error)/.test(stdout)) return answer(stdout);
    throw error;
  }
}

/** z3 prints `timeout` when `-T` expires, with exit status 0 or not; solc only knows `unknown` for that answer. */
const answer = (stdout: string) => (stdout.startsWith("timeout") ? "unknown\n" : stdout);
