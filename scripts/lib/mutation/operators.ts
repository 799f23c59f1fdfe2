import { closingParen, statementEnd, type MaskedSource } from "./solidity-source.ts";

/** One change to a source file: replace [start, end) with `replacement`. */
export interface Edit {
  operator: Operator;
  start: number;
  end: number;
  replacement: string;
}

/** The operators of SuMo and Gambit that apply to Folio's code (no inline assembly, no inheritance chains). */
export const OPERATORS = [
  "relational", // < <= > >= == != swapped for the boundary or the opposite
  "arithmetic", // + - * / % ** and the compound assignments
  "logical", // && <-> ||
  "negate-condition", // if (c) -> if (!(c)), require(c) -> require(!(c))
  "delete-guard", // require(...), if (...) revert ..., revert ...
  "delete-modifier", // onlyPermitted(...), onlyAgent, nonReentrant, onlyOwner ...
  "constant", // 0 <-> 1, true <-> false
  "delete-statement", // assignments, delete x, emit
  "unary", // ++ <-> --
] as const;
export type Operator = (typeof OPERATORS)[number];

const RELATIONAL: Record<string, string> = { "<=": "<", ">=": ">", "==": "!=", "!=": "==", "<": "<=", ">": ">=" };
const ARITHMETIC: Record<string, string> = {
  "**": "*", "+=": "-=", "-=": "+=", "*=": "/=", "/=": "*=", "%=": "*=", "+": "-", "-": "+", "*": "/", "/": "*", "%": "*",
};
/** Modifiers of OpenZeppelin's contracts; a file's own `modifier` declarations are added to these. */
const KNOWN_MODIFIERS = ["onlyOwner", "onlyRole", "nonReentrant", "whenNotPaused", "whenPaused"];
const ASSIGNMENT = /^[A-Za-z_]\w*(\s*\[[^\]]*\]|\.\w+)*\s*(=|\+=|-=|\*=|\/=|\|=|&=|\^=|<<=|>>=)(?!=)/;

const newlinesOf = (s: string) => s.replace(/[^\n]/g, "");
const del = (operator: Operator, src: MaskedSource, start: number, end: number): Edit => ({
  operator,
  start,
  end,
  replacement: newlinesOf(src.text.slice(start, end)),
});

/** Every edit the operators make to one source, in source order. `skip(offset)` excludes declarations. */
export function edits(src: MaskedSource, skip: (offset: number) => boolean): Edit[] {
  const { code, text } = src;
  const found: Edit[] = [];
  const add = (e: Edit) => {
    if (!skip(e.start)) found.push(e);
  };

  // Operators on single tokens: relational, arithmetic, logical, unary. Longest token first.
  for (let k = 0; k < code.length; k++) {
    const two = code.slice(k, k + 2);
    const three = code.slice(k, k + 3);
    if (three === "<<=" || three === ">>=") { k += 2; continue; }
    if (two === "<<" || two === ">>" || two === "=>" || two === "==" && code[k + 2] === "=") { k += 1; continue; }
    if (two === "&&" || two === "||") { add({ operator: "logical", start: k, end: k + 2, replacement: two === "&&" ? "||" : "&&" }); k++; continue; }
    if (two === "++" || two === "--") { add({ operator: "unary", start: k, end: k + 2, replacement: two === "++" ? "--" : "++" }); k++; continue; }
    if (RELATIONAL[two]) { add({ operator: "relational", start: k, end: k + 2, replacement: RELATIONAL[two]! }); k++; continue; }
    if (ARITHMETIC[two]) { add({ operator: "arithmetic", start: k, end: k + 2, replacement: ARITHMETIC[two]! }); k++; continue; }
    const one = code[k]!;
    if ((one === "<" || one === ">") && code[k + 1] !== "=") add({ operator: "relational", start: k, end: k + 1, replacement: RELATIONAL[one]! });
    else if (ARITHMETIC[one] && code[k + 1] !== "=" && !isUnaryMinus(code, k)) add({ operator: "arithmetic", start: k, end: k + 1, replacement: ARITHMETIC[one]! });
  }

  // Conditions: negate every `if` and `require` condition; delete `require` and `if (...) revert` guards.
  const guarded = new Set<number>();
  for (const m of code.matchAll(/\b(if|require)\s*\(/g)) {
    const open = m.index + m[0].length - 1;
    const close = closingParen(code, open);
    if (close < 0) continue;
    if (m[1] === "if") {
      add({ operator: "negate-condition", start: open, end: close, replacement: `(!${text.slice(open, close)})` });
      const after = code.slice(close).match(/^\s*(\{\s*)?revert\b/);
      if (after) {
        guarded.add(close + after[0].length - "revert".length);
        const end = after[1] ? code.indexOf("}", close) + 1 : statementEnd(code, close);
        add(del("delete-guard", src, m.index, end));
      }
    } else {
      const comma = topLevelComma(code, open + 1, close - 1);
      add({ operator: "negate-condition", start: open + 1, end: comma, replacement: `!(${text.slice(open + 1, comma)})` });
      add(del("delete-guard", src, m.index, statementEnd(code, m.index)));
    }
  }
  // A `revert` that is not the body of an `if` guard (an else branch, the end of a function).
  for (const m of code.matchAll(/\brevert\s+\w/g)) {
    if (guarded.has(m.index)) continue;
    add(del("delete-guard", src, m.index, statementEnd(code, m.index)));
  }

  // Modifier uses in function headers.
  const modifiers = new Set([...KNOWN_MODIFIERS, ...[...code.matchAll(/\bmodifier\s+(\w+)/g)].map((m) => m[1]!)]);
  for (const m of code.matchAll(/\b(\w+)\b/g)) {
    if (!modifiers.has(m[1]!) || /modifier\s+$/.test(code.slice(m.index - 12, m.index))) continue;
    const header = code.lastIndexOf("function", m.index);
    if (header < Math.max(code.lastIndexOf("{", m.index), code.lastIndexOf(";", m.index), code.lastIndexOf("}", m.index))) continue;
    let end = m.index + m[0].length;
    if (code[end] === "(") end = closingParen(code, end);
    add(del("delete-modifier", src, m.index, end));
  }

  // Constants 0 <-> 1 and true <-> false; `address(0)` and `bytes32(0)` have no `1` form that compiles.
  for (const m of code.matchAll(/(?<![\w.])(0|1|true|false)(?![\w.])/g)) {
    if (/\b(address|bytes\d*)\s*\($/.test(code.slice(m.index - 10, m.index))) continue;
    const swap = { "0": "1", "1": "0", true: "false", false: "true" }[m[1]!]!;
    add({ operator: "constant", start: m.index, end: m.index + m[1]!.length, replacement: swap });
  }

  // Statements: assignments, `delete x;` and `emit`.
  for (const m of code.matchAll(/[;{}]\s*/g)) {
    const start = m.index + m[0].length;
    const rest = code.slice(start, start + 300);
    if (!/^(emit|delete)\s/.test(rest) && !ASSIGNMENT.test(rest)) continue;
    const end = statementEnd(code, start);
    if (end > 0) add(del("delete-statement", src, start, end));
  }
  return found.sort((a, b) => a.start - b.start || OPERATORS.indexOf(a.operator) - OPERATORS.indexOf(b.operator));
}

/** A `-` or `+` with no operand before it (`-x`, `(+1)`) is a sign, which this operator leaves alone. */
function isUnaryMinus(code: string, k: number): boolean {
  if (code[k] !== "-" && code[k] !== "+") return false;
  const before = code.slice(0, k).trimEnd().at(-1) ?? "";
  return !/[\w)\]]/.test(before);
}

function topLevelComma(code: string, from: number, to: number): number {
  let depth = 0;
  for (let k = from; k < to; k++) {
    if ("([{".includes(code[k]!)) depth++;
    else if (")]}".includes(code[k]!)) depth--;
    else if (code[k] === "," && depth === 0) return k;
  }
  return to;
}
