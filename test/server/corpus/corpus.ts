import {
  getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isScalarType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLSchema,
} from "graphql";
import type { Address } from "viem";

/** One bad value for one argument (or one field of an input argument), with a label to name it in failures. */
export interface Variant {
  field: string;
  root: "Query" | "Mutation";
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Values every argument of a type is tried with, on top of the wrong JSON types: what a hostile client sends. */
const ONE_MB = "x".repeat(1024 * 1024);
export const HOSTILE_TEXT: Record<string, string> = {
  "1 MB string": ONE_MB,
  "NUL byte": "a\u0000b",
  "RTL override (U+202E)": "\u202Egnp.exe",
  "zero-width joiners only": "\u200D\u200B\u200D",
  "lone surrogate": "\uD800",
  "10k combining marks": `a${"\u0301".repeat(10_000)}`,
  "empty": "",
  "whitespace only": "   \t\n",
};

/** 2^256: one more than any uint256, and still 78 digits (the BigInt scalar's digit bound). */
export const TWO_POW_256 = (2n ** 256n).toString();

/** Arguments whose names say they carry hex. */
const HEX_ARGUMENT = /hash|signature|nonce/i;

export const MALFORMED_HEX: Record<string, string> = {
  "0x only": "0x",
  "odd-length hex": "0xabc",
  "non-hex 32 bytes": `0x${"zz".repeat(32)}`,
  "31-byte hash": `0x${"ab".repeat(31)}`,
  "hex without 0x": "ab".repeat(32),
};

/**
 * Addresses that are not one: too short, too long, non-hex, a mixed-case address whose EIP-55 checksum is wrong (a
 * typo signal), homoglyphs (Cyrillic "а", fullwidth "０x") and padding.
 */
export function malformedAddresses(valid: Address): Record<string, string> {
  const lower = valid.slice(2).toLowerCase();
  // Flip the case of every letter: a mixed-case string whose checksum cannot match (the valid one is checksummed).
  const flipped = `0x${[...valid.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("")}`;
  return {
    "0x only": "0x",
    "19 bytes": `0x${lower.slice(2)}`,
    "21 bytes": `0x${lower}00`,
    "non-hex": `0x${"g".repeat(40)}`,
    "wrong checksum (mixed case)": flipped,
    "homoglyph (Cyrillic a)": `0x${"\u0430".repeat(40)}`,
    "homoglyph (fullwidth 0x)": `\uFF10x${lower}`,
    "trailing space": `${valid} `,
    "NUL inside": `${valid.slice(0, 20)}\u0000${valid.slice(21)}`,
  };
}

export interface CorpusContext {
  /** A real address to build valid surroundings and near-miss variants from (the demo token). */
  address: Address;
  /** An id no record has, well formed. */
  unknownId: string;
}

/** A value of `type` that passes GraphQL's own coercion, so a variant changes exactly one thing. */
export function validValue(type: GraphQLInputType, context: CorpusContext): unknown {
  if (isNonNullType(type)) return validValue(type.ofType, context);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) out[field.name] = validValue(field.type, context);
    }
    return out;
  }
  switch (type.name) {
    case "Address": return context.address;
    case "BigInt": return "1";
    case "Int": return 1;
    case "Float": return 1;
    case "Boolean": return false;
    case "ID": return context.unknownId;
    case "Country": return "DE";
    case "File": return null;
    default: return "x";
  }
}

/** Bad values for `type`: wrong JSON types, null where not nullable, boundary numbers, malformed and hostile text. */
export function badValues(type: GraphQLInputType, context: CorpusContext, name = ""): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (isNonNullType(type)) {
    out.push(["null for a non-null", null]);
    type = type.ofType;
  }
  if (isListType(type)) {
    const item = type.ofType;
    for (const [label, value] of badValues(item, context, name).filter(([label]) => !label.startsWith("null"))) out.push([`list of ${label}`, [value]]);
    out.push(["nested list", [[validValue(item, context)]]], ["object for a list", { a: 1 }]);
    return out;
  }
  if (isEnumType(type)) {
    const first = String(type.getValues()[0]!.value);
    return [...out, ["unknown enum value", "NOT_A_VALUE"], ["lower-case enum value", first.toLowerCase()], ["number for an enum", 0], ["empty enum", ""]];
  }
  if (isInputObjectType(type)) {
    out.push(["string for an input object", "x"], ["array for an input object", []], ["unknown input field", { ...(validValue(type, context) as object), bogus: 1 }]);
    const base = validValue(type, context) as Record<string, unknown>;
    for (const field of Object.values(type.getFields())) {
      if (isInputObjectType(getNamedType(field.type))) continue;
      for (const [label, value] of badValues(field.type as GraphQLInputType, context, field.name)) out.push([`${field.name}: ${label}`, { ...base, [field.name]: value }]);
    }
    return out;
  }
  if (!isScalarType(type)) return out;
  const wrongTypes: Array<[string, unknown]> = [["object for a scalar", { a: 1 }], ["array for a scalar", [1]], ["boolean for a scalar", true]];
  switch (type.name) {
    case "Int":
      return [...out, ...wrongTypes, ["string for an Int", "1"], ["fraction", 1.5], ["2^31", 2 ** 31], ["-2^31-1", -(2 ** 31) - 1], ["1e308", 1e308], ["-1", -1]];
    case "Float":
      return [...out, ...wrongTypes, ["string for a Float", "1"], ["1e308", 1e308], ["-1", -1]];
    case "Boolean":
      return [...out, ...wrongTypes.filter(([label]) => !label.startsWith("boolean")), ["string for a Boolean", "true"], ["1 for a Boolean", 1]];
    case "BigInt":
      return [
        ...out, ...wrongTypes, ["JSON number for a BigInt", 1], ["negative", "-1"], ["exponent", "1e3"], ["hex", "0x10"], ["2^256 (uint256 overflow)", TWO_POW_256],
        ["79 digits", "1".repeat(79)], ["leading space", " 1"], ["Arabic-Indic digit", "\u0661"], ["fraction", "1.5"], ["NUL inside", "1\u00000"],
      ];
    case "Address":
      return [...out, ...wrongTypes, ["number for an Address", 1], ...Object.entries(malformedAddresses(context.address))];
    case "Country":
      return [...out, ...wrongTypes, ["unassigned code", "XX"], ["empty country", ""], ["numeric 9999", 9999], ["negative numeric", -1], ["fraction", 1.5], ["NUL country", "D\u0000E"]];
    case "File":
      return [...out, ["string for a File", "not a file"], ["object for a File", { name: "x.pdf" }]];
    default:
      // String and ID: anything goes at the GraphQL layer, so these reach the resolvers' own validation. Arguments
      // that carry hex (hashes, signatures, nonces) also get malformed hex; free text may look like hex.
      return [
        ...out, ["object for a String", { a: 1 }], ["array for a String", ["x"]], ...Object.entries(HOSTILE_TEXT),
        ...(HEX_ARGUMENT.test(name) ? Object.entries(MALFORMED_HEX) : []),
      ];
  }
}

/**
 * Fields that answer some refusals as data rather than as an error: the selection that shows the verdict, and the
 * verdict that means refused. importInvestors reports every bad row and writes nothing (`accepted: false`);
 * placeOrders refuses each bad order of its batch (the corpus sends one) in `refused`.
 */
export const REFUSED_IN_DATA: Record<string, { selection: string; refused: unknown }> = {
  importInvestors: { selection: "{ accepted }", refused: { accepted: false } },
  placeOrders: { selection: "{ placed { __typename } refused { __typename } }", refused: [{ placed: null, refused: { __typename: "OrderRefusal" } }] },
};

/** A selection for any output type: `__typename` on objects, nothing on scalars and enums. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  if (REFUSED_IN_DATA[field.name]) return ` ${REFUSED_IN_DATA[field.name]!.selection}`;
  return isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
}

/** One operation per bad value of each argument, the other arguments valid: every field that takes arguments. */
export function corpusFor(schema: GraphQLSchema, context: CorpusContext, skip: ReadonlySet<string> = new Set()): Map<string, Variant[]> {
  const byField = new Map<string, Variant[]>();
  for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
    const keyword = root === schema.getQueryType() ? "query" : "mutation";
    for (const field of Object.values(root.getFields())) {
      if (!field.args.length || skip.has(field.name)) continue;
      const declare = (arg: GraphQLArgument) => `$${arg.name}: ${arg.type}`;
      const query = `${keyword}(${field.args.map(declare).join(", ")}) { ${field.name}(${field.args.map((a) => `${a.name}: $${a.name}`).join(", ")})${selectionFor(field)} }`;
      const base = Object.fromEntries(field.args.map((a) => [a.name, validValue(a.type, context)]));
      const variants: Variant[] = [];
      for (const arg of field.args) {
        for (const [label, value] of badValues(arg.type, context, arg.name)) {
          variants.push({ field: field.name, root: root.name as Variant["root"], label: `${arg.name}: ${label}`, query, variables: { ...base, [arg.name]: value } });
        }
      }
      byField.set(`${root.name}.${field.name}`, variants);
    }
  }
  return byField;
}

/** Documents that are not GraphQL or not one operation: each must be refused before anything runs. */
export const MALFORMED_DOCUMENTS: Record<string, string> = {
  "empty document": "",
  "unclosed brace": "mutation { signOut",
  "NUL in document": "query { _version\u0000 }",
  "two anonymous operations": "query { _version } query { _version }",
  "unknown field": "mutation { dropAllTables }",
  "lone surrogate in a string literal": `query { token(address: "\uD800") { __typename } }`,
  "1 MB string literal": `mutation { signIn(message: "${"x".repeat(1024 * 1024)}", signature: "0x") { token } }`,
  "deep nesting": `query { ${"{".repeat(500)} }`,
};
