import "./issuer.css";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { formatAmount } from "../lib/format.ts";
import { Empty, ErrorState, Loading } from "../ui/states.tsx";
import { fetchTokensOf } from "./lib/issuer-queries.ts";
import { useConnection } from "wagmi";

/** The tokens the connected wallet owns or is an agent of. */
export function IssuerTokensPage() {
  const { address } = useConnection();
  const tokens = useQuery({ queryKey: ["issuer-tokens", address], queryFn: () => fetchTokensOf(address!), enabled: !!address, refetchInterval: 5_000 });
  return (
    <section className="issuer">
      <div className="page-head">
        <h1>Your tokens</h1>
        <Link className="button primary" to="/issuer/issue">Issue a token</Link>
      </div>
      {!address && <p role="alert">Connect your wallet to see the tokens you issue.</p>}
      {tokens.isPending && address && <Loading what="your tokens" />}
      {tokens.isError && <ErrorState title="Could not load your tokens." error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data && tokens.data.length === 0 && <Empty>You have not issued a token yet, and are no token's agent.</Empty>}
      {tokens.data && tokens.data.length > 0 && (
        <div className="table-scroll">
        <table aria-label="Your tokens">
          <thead>
            <tr><th scope="col">Token</th><th scope="col">Your role</th><th scope="col" className="num">Total supply</th><th scope="col" className="num">Investors</th></tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.address}>
                <td><Link to={`/issuer/tokens/${t.address}`}>{t.name} ({t.symbol})</Link></td>
                <td>{t.owner?.toLowerCase() === address?.toLowerCase() ? "Owner" : "Agent"}</td>
                <td className="num">{formatAmount(t.totalSupply, t.decimals)}</td>
                <td className="num">{t.investorCount ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
