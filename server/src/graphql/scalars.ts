import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { getAddress, isAddress } from "viem";

export const scalarTypeDefs = /* GraphQL */ `
  "An unsigned integer of any size, as a decimal string (token amounts are in the token's smallest unit)."
  scalar BigInt
  "A checksummed 20-byte EVM address."
  scalar Address
`;

const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  serialize: (value) => (typeof value === "bigint" ? value.toString() : String(value)),
  parseValue: (value) => parseBigInt(value),
  parseLiteral: (ast) => parseBigInt(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined),
});

function parseBigInt(value: unknown): bigint {
  if (typeof value === "string" && /^[0-9]{1,78}$/.test(value)) return BigInt(value);
  throw new GraphQLError("BigInt must be a non-negative decimal integer string", { extensions: { code: "BAD_USER_INPUT" } });
}

const AddressScalar = new GraphQLScalarType({
  name: "Address",
  serialize: (value) => value,
  parseValue: (value) => parseAddress(value),
  parseLiteral: (ast) => parseAddress(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseAddress(value: unknown): `0x${string}` {
  if (typeof value === "string" && isAddress(value, { strict: false })) return getAddress(value);
  throw new GraphQLError("Address must be a 0x-prefixed 20-byte hex string", { extensions: { code: "BAD_USER_INPUT" } });
}

export const scalarResolvers = { BigInt: BigIntScalar, Address: AddressScalar };
