import type { Address } from "viem";
import { graphqlRequest } from "../../api/graphql.ts";

/** A token as the issuer's pages show it (the server's Token, amounts in the smallest unit as text). */
export interface IssuerToken {
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: string;
  owner: Address | null;
  paused: boolean | null;
  investorCount: string | null;
  rules: { countryMode: number; countryCodes: (string | null)[]; accreditedOnly: boolean; maxInvestors: number; maxBalance: string } | null;
  documents: { name: string; uri: string; documentHash: string }[];
  agents: { address: Address; permissions: number | null }[];
}

const TOKEN_FIELDS = /* GraphQL */ `
  address name symbol decimals totalSupply owner paused investorCount
  rules { countryMode countryCodes accreditedOnly maxInvestors maxBalance }
  documents { name uri documentHash }
  agents { address permissions }
`;

export async function fetchIssuerToken(address: Address): Promise<IssuerToken> {
  const data = await graphqlRequest<{ token: IssuerToken }>(`query IssuerToken($address: Address!) { token(address: $address) { ${TOKEN_FIELDS} } }`, { address });
  return data.token;
}

/** The tokens `account` owns or is an agent of. */
export async function fetchTokensOf(account: Address): Promise<IssuerToken[]> {
  const data = await graphqlRequest<{ tokens: IssuerToken[] }>(`query IssuerTokens { tokens { ${TOKEN_FIELDS} } }`);
  const me = account.toLowerCase();
  return data.tokens.filter((t) => t.owner?.toLowerCase() === me || t.agents.some((a) => a.address.toLowerCase() === me));
}
