import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { edits, OPERATORS, type Operator } from "./operators.ts";
import { lineOf, maskSource } from "./solidity-source.ts";
import type { MutationTarget } from "./targets.ts";

export interface Mutant {
  /** `file:line:operator:index`, stable while the file's text is unchanged. */
  id: string;
  contract: string;
  file: string;
  line: number;
  operator: Operator;
  /** The source line before and after (the first line of a multi-line statement). */
  before: string;
  after: string;
  /** Hash of the unmutated file: a result recorded against another version is stale. */
  sourceHash: string;
  mutatedSource: string;
}

/** Declarations and directives carry nothing to mutate (or nothing that compiles once mutated). */
const DECLARATION = /^\s*(pragma|import|event|error|using)\b/;

export function generateMutants(root: string, target: MutationTarget): Mutant[] {
  return target.sources.flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const src = maskSource(text);
    const lines = text.split("\n");
    const codeLines = src.code.split("\n");
    const sourceHash = createHash("sha256").update(text).digest("hex").slice(0, 16);
    const skip = (offset: number) => DECLARATION.test(codeLines[lineOf(src, offset)]!);
    const perKey = new Map<string, number>();
    return edits(src, skip).map((e) => {
      const line = lineOf(src, e.start);
      const key = `${file}:${line + 1}:${e.operator}`;
      const index = perKey.get(key) ?? 0;
      perKey.set(key, index + 1);
      const mutatedSource = text.slice(0, e.start) + e.replacement + text.slice(e.end);
      return {
        id: `${key}:${index}`,
        contract: target.contract,
        file,
        line: line + 1,
        operator: e.operator,
        before: lines[line]!.trim(),
        after: mutatedSource.split("\n")[line]!.trim(),
        sourceHash,
        mutatedSource,
      };
    });
  });
}

/**
 * A deterministic sample of at most `max` mutants: one bucket per contract and operator, each bucket's mutants
 * spread over its file (first, middle, quarters...), then taken round-robin so every contract and operator is
 * represented before any bucket gives a second mutant.
 */
export function sampleMutants(mutants: Mutant[], max: number): Mutant[] {
  if (mutants.length <= max) return mutants;
  const buckets = new Map<string, Mutant[]>();
  for (const m of mutants) {
    const key = `${m.contract}|${OPERATORS.indexOf(m.operator)}`;
    buckets.set(key, [...(buckets.get(key) ?? []), m]);
  }
  const spread = [...buckets.keys()].sort().map((k) => spreadOrder(buckets.get(k)!));
  const picked: Mutant[] = [];
  for (let round = 0; picked.length < max; round++) {
    for (const b of spread) if (round < b.length && picked.length < max) picked.push(b[round]!);
  }
  // Kept in round order: a run stopped part-way has still tried every contract and operator.
  return picked;
}

/** Items in the order 0, n/2, n/4, 3n/4, ...: any prefix is spread evenly over the list. */
function spreadOrder<T>(items: T[]): T[] {
  const out: T[] = [];
  const seen = new Set<number>();
  for (let parts = 1; out.length < items.length; parts *= 2) {
    for (let p = 0; p < parts; p++) {
      const i = Math.floor((p * items.length) / parts);
      if (!seen.has(i)) {
        seen.add(i);
        out.push(items[i]!);
      }
    }
  }
  return out;
}
