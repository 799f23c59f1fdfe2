import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { getAddress, isAddress } from "viem";
import { alpha2Country } from "../../../lib/countries.ts";

export const scalarTypeDefs = /* GraphQL */ `
  "An unsigned integer of any size, as a decimal string (token amounts are in the token's smallest unit)."
  scalar BigInt
  "A checksummed 20-byte EVM address."
  scalar Address
  """
  A country as people write it: an ISO 3166-1 alpha-2 code ("DE", any case) or numeric code (276 or "276").
  The field that takes it refuses a code no country has, with that field's error code.
  """
  scalar Country
`;

const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  serialize: (value) => (typeof value === "bigint" ? value.toString() : String(value)),
  parseValue: (value) => parseBigInt(value),
  parseLiteral: (ast) => parseBigInt(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined),
});

/** The largest value a BigInt input may hold: every amount, id and time it carries ends up in a uint256. */
const MAX_UINT256 = 2n ** 256n - 1n;

function parseBigInt(value: unknown): bigint {
  // 78 digits hold every uint256 and also values just past it (2^256 is 78 digits long): those are refused here,
  // with a clear answer, rather than deep in ABI encoding.
  if (typeof value === "string" && /^[0-9]{1,78}$/.test(value) && BigInt(value) <= MAX_UINT256) return BigInt(value);
  throw new GraphQLError("BigInt must be a non-negative decimal integer string of at most 2^256 - 1", { extensions: { code: "BAD_USER_INPUT" } });
}

const AddressScalar = new GraphQLScalarType({
  name: "Address",
  serialize: (value) => value,
  parseValue: (value) => parseAddress(value),
  parseLiteral: (ast) => parseAddress(ast.kind === Kind.STRING ? ast.value : undefined),
});

/**
 * All-lower-case (or all-upper-case) hex is taken as it is; mixed case must carry a valid EIP-55 checksum, because a
 * mixed-case address with a wrong checksum is a mistyped address, the very mistake the checksum exists to catch.
 */
function parseAddress(value: unknown): `0x${string}` {
  if (typeof value === "string" && isAddress(value, { strict: true })) return getAddress(value);
  throw new GraphQLError("Address must be a 0x-prefixed 20-byte hex string; mixed case must be a valid EIP-55 checksum", {
    extensions: { code: "BAD_USER_INPUT" },
  });
}

/**
 * Country inputs arrive as text ("DE", "276") or as an integer (276) and reach resolvers as text. Whether the code is
 * assigned is checked where it is used (lib/countries.ts), so each interface refuses an unknown country with its own
 * stable code and, for personal data, without echoing the value.
 */
const CountryScalar = new GraphQLScalarType({
  name: "Country",
  serialize: (value) => (typeof value === "number" ? alpha2Country(value) ?? String(value) : String(value)),
  parseValue: (value) => parseCountryInput(value),
  parseLiteral: (ast) => parseCountryInput(ast.kind === Kind.STRING ? ast.value : ast.kind === Kind.INT ? Number(ast.value) : undefined),
});

function parseCountryInput(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new GraphQLError("Country must be an ISO 3166-1 alpha-2 code such as \"DE\" or a numeric code such as 276", {
    extensions: { code: "COUNTRY_UNKNOWN" },
  });
}

/** The alpha-2 code of a numeric country code as the chain stores it; null for none or for a number no country has. */
export const countryCodeOf = (numeric: number | null | undefined): string | null => (numeric == null ? null : alpha2Country(numeric));

export const scalarResolvers = { BigInt: BigIntScalar, Address: AddressScalar, Country: CountryScalar };
