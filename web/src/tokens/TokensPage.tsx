import { useQuery } from "@tanstack/react-query";
import { graphql, request } from "../api/graphql.ts";
import { QueryState } from "../ui/states.tsx";
import { TokenTable } from "./TokenTable.tsx";

const TOKENS = graphql(`query Tokens { tokens { address name symbol decimals totalSupply } }`);

export function TokensPage() {
  const query = useQuery({ queryKey: ["tokens"], queryFn: () => request(TOKENS) });
  return (
    <section>
      <h1>Security tokens</h1>
      <QueryState query={query} what="tokens">{({ tokens }) => <TokenTable tokens={tokens} />}</QueryState>
    </section>
  );
}
