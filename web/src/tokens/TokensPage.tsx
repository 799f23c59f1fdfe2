import { useEffect, useState } from "react";
import { graphqlRequest } from "../api/graphql.ts";
import { TokenTable, type TokenRow } from "./TokenTable.tsx";

const TOKENS_QUERY = /* GraphQL */ `
  query Tokens {
    tokens { address name symbol decimals totalSupply }
  }
`;

export function TokensPage() {
  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    graphqlRequest<{ tokens: TokenRow[] }>(TOKENS_QUERY)
      .then((data) => setTokens(data.tokens))
      .catch((e: Error) => setError(e.message));
  }, []);

  return (
    <section>
      <h1>Security tokens</h1>
      {error && <p className="error" role="alert">Could not load tokens: {error}</p>}
      {!error && !tokens && <p>Loading…</p>}
      {tokens && <TokenTable tokens={tokens} />}
    </section>
  );
}
