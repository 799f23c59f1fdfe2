import type { GraphQLContext } from "./context.ts";

export const tokenTypeDefs = /* GraphQL */ `
  type Token {
    address: Address!
    name: String!
    symbol: String!
    decimals: Int!
    totalSupply: BigInt!
  }

  extend type Query {
    "Folio security tokens on this chain."
    tokens: [Token!]!
  }
`;

export const tokenResolvers = {
  Query: {
    tokens: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.tokens.listTokens(),
  },
};
