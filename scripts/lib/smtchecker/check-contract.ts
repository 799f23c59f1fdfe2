import fs from "node:fs";
import path from "node:path";
import { parseFindings, type SmtFinding } from "./findings.ts";
import { z3Callback } from "./solve.ts";
import { SMT_CHECKS, type SmtTarget } from "./targets.ts";
const solc = require("solc") as { compile(input: string, callbacks: object): string };

export interface ContractResult {
  target: SmtTarget;
  /** The day of the check (YYYY-MM-DD): a partial run keeps the other contracts' results from earlier days. */
  measuredAt: string;
  seconds: number;
  unsupported: number;
  findings: SmtFinding[];
  /** Why the checker could not analyse the contract at all (e.g. an internal compiler error), or null. */
  failure: string | null;
}

/**
 * Runs solc's CHC engine over one contract as the build compiles it (optimizer, cancun), imports resolved from the
 * repository and node_modules. The compiler is solc-js, the same version Hardhat uses; z3 answers its queries.
 */
export function checkContract(root: string, target: SmtTarget, timeoutMs: number): ContractResult {
  const read = (file: string): string => {
    for (const candidate of [path.join(root, file), path.join(root, "node_modules", file)]) {
      if (fs.existsSync(candidate)) return fs.readFileSync(candidate, "utf8");
    }
    throw new Error(`cannot find ${file}`);
  };
  const input = {
    language: "Solidity",
    sources: { [target.file]: { content: read(target.file) } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      modelChecker: {
        engine: "chc",
        solvers: ["smtlib2"],
        targets: [...SMT_CHECKS],
        contracts: { [target.file]: [target.contract] },
        showProvedSafe: true,
        showUnproved: true,
        timeout: timeoutMs,
      },
      outputSelection: { "*": { "*": [] } },
    },
  };
  const started = performance.now();
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (file: string) => {
        try {
          return { contents: read(file) };
        } catch (error) {
          return { error: String(error) };
        }
      },
      smtSolver: z3Callback(timeoutMs),
    }),
  ) as { errors?: { severity: string; message: string; sourceLocation?: { file: string; start: number; end: number } }[] };
  const errors = output.errors ?? [];
  const fatal = errors.filter((e) => e.severity === "error").map((e) => e.message);
  const unsupported = errors.map((e) => /(\d+) unsupported language feature/.exec(e.message)?.[1]).find(Boolean);
  return {
    target,
    measuredAt: new Date().toISOString().slice(0, 10),
    seconds: (performance.now() - started) / 1000,
    unsupported: Number(unsupported ?? 0),
    findings: parseFindings(target.contract, errors, read),
    failure: fatal.length ? fatal.join("; ") : null,
  };
}
