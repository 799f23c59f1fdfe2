/**
 * Solidity source as the mutation operators see it: the code with every comment and string literal blanked to
 * spaces, offset for offset, so an operator can search the code and splice the original text at the same place.
 */
export interface MaskedSource {
  text: string;
  /** The text with comments and string contents replaced by spaces (newlines kept). */
  code: string;
  /** Offset at which each line (0-based) starts. */
  lineStarts: number[];
}

export function maskSource(text: string): MaskedSource {
  const out = text.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (text.startsWith("/*", i)) {
      const stop = text.indexOf("*/", i + 2) + 2;
      blank(i, stop);
      i = stop;
    } else if (text[i] === '"' || text[i] === "'") {
      const quote = text[i];
      let j = i + 1;
      while (j < text.length && text[j] !== quote) j += text[j] === "\\" ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else i++;
  }
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === "\n") lineStarts.push(k + 1);
  return { text, code: out.join(""), lineStarts };
}

export const lineOf = (src: MaskedSource, offset: number): number => {
  let lo = 0;
  let hi = src.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (src.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/** Offset just past the parenthesis that closes the one at `open`, in the masked code. */
export function closingParen(code: string, open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if (code[k] === "(") depth++;
    else if (code[k] === ")" && --depth === 0) return k + 1;
  }
  return -1;
}

/** Offset just past the `;` ending the statement that starts at `start` (parentheses balanced). */
export function statementEnd(code: string, start: number): number {
  let depth = 0;
  for (let k = start; k < code.length; k++) {
    const c = code[k];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === ";" && depth === 0) return k + 1;
    if (depth < 0) return -1;
  }
  return -1;
}
