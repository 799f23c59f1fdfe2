import type { Address } from "viem";
import { graphql, request, type ResultOf } from "../../api/graphql.ts";

/** One token with what its issuer's pages show; typed from the server's exported schema. */
export const ISSUER_TOKEN = graphql(`
  query IssuerToken($address: Address!) {
    token(address: $address) {
      address name symbol decimals totalSupply owner paused investorCount
      rules { countryMode countryCodes accreditedOnly maxInvestors maxBalance }
      documents { name uri documentHash }
      agents { address permissions }
    }
  }
`);

/** Every token, with its owner and agents, for the issuer's list. */
export const ISSUER_TOKENS = graphql(`
  query IssuerTokens {
    tokens { address name symbol decimals totalSupply owner investorCount agents { address } }
  }
`);

export type IssuerToken = ResultOf<typeof ISSUER_TOKEN>["token"];
export type IssuerTokenRow = ResultOf<typeof ISSUER_TOKENS>["tokens"][number];

export async function fetchIssuerToken(address: Address): Promise<IssuerToken> {
  return (await request(ISSUER_TOKEN, { address })).token;
}

/** The tokens `account` owns or is an agent of. */
export async function fetchTokensOf(account: Address): Promise<IssuerTokenRow[]> {
  const me = account.toLowerCase();
  const { tokens } = await request(ISSUER_TOKENS);
  return tokens.filter((t) => t.owner?.toLowerCase() === me || t.agents.some((a) => a.address.toLowerCase() === me));
}
