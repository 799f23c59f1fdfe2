/** One verification target the SMTChecker reported on, with where it is in the source. */
export interface SmtFinding {
  contract: string;
  check: string;
  result: "proved" | "unproved" | "counterexample";
  file: string;
  line: number;
  code: string;
  message: string;
}

interface SolcError {
  severity: string;
  errorCode?: string;
  message: string;
  formattedMessage?: string;
  sourceLocation?: { file: string; start: number; end: number };
}

const CHECKS: [RegExp, string][] = [
  [/^(?:CHC|BMC): Overflow/, "overflow"],
  [/^(?:CHC|BMC): Underflow/, "underflow"],
  [/^(?:CHC|BMC): Division by zero/, "divByZero"],
  [/^(?:CHC|BMC): Assertion violation/, "assert"],
  [/^(?:CHC|BMC): Out of bounds access/, "outOfBounds"],
  [/^(?:CHC|BMC): Empty array "pop"/, "popEmptyArray"],
];

/**
 * The targets in solc's output. solc words its three answers: "… check is safe!" (proved), "… happens here"
 * (a counterexample, given in the message) and "… might happen here" (the solver could not decide in time).
 */
export function parseFindings(contract: string, errors: SolcError[], source: (file: string) => string): SmtFinding[] {
  const findings: SmtFinding[] = [];
  for (const error of errors) {
    const check = CHECKS.find(([pattern]) => pattern.test(error.message))?.[1];
    if (!check || !error.sourceLocation) continue;
    const result = /is safe!/.test(error.message) ? "proved" : /might happen/.test(error.message) ? "unproved" : /happens here/.test(error.message) ? "counterexample" : null;
    if (!result) continue;
    const text = source(error.sourceLocation.file);
    // solc's offsets count bytes; sources may hold non-ASCII characters (OpenZeppelin's comments do).
    const line = Buffer.from(text, "utf8").subarray(0, error.sourceLocation.start).toString("utf8").split("\n").length;
    findings.push({
      contract, check, result, file: error.sourceLocation.file, line,
      code: text.split("\n")[line - 1]!.trim(),
      message: error.message.trim(),
    });
  }
  return findings;
}

/** A finding's key for its explanation: stable across edits elsewhere in the file (the line's code, not its number). */
export const findingKey = (f: Pick<SmtFinding, "file" | "check" | "code">) => `${f.file} | ${f.check} | ${f.code}`;
