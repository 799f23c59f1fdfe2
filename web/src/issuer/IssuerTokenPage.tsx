import "./issuer.css";
import { useQuery } from "@tanstack/react-query";
import { NavLink, Outlet, useParams } from "react-router";
import { getAddress, isAddress } from "viem";
import { formatAmount } from "../lib/format.ts";
import { Loading } from "../ui/states.tsx";
import { countryNames } from "../ui/country-options.ts";
import { fetchIssuerToken, type IssuerToken } from "./lib/issuer-queries.ts";
import { TOKEN_TABS } from "./token-tabs.ts";

/** What the token page hands to its tabs (`useOutletContext<TokenOutlet>()`). */
export interface TokenOutlet {
  token: IssuerToken;
}

/** One token for its issuer: what it is and its rules, then one tab per task (routes.tsx lists them). */
export function IssuerTokenPage() {
  const { address } = useParams();
  const valid = !!address && isAddress(address);
  const token = useQuery({
    queryKey: ["issuer-token", address],
    queryFn: () => fetchIssuerToken(getAddress(address!)),
    enabled: valid,
    // A token issued a moment ago appears once the indexer reads its block; mints show without a reload.
    refetchInterval: (query) => (query.state.error ? 1_000 : 3_000),
    retry: false,
  });

  if (!valid) return <section className="issuer"><h1>Token</h1><p role="alert">"{address}" is not a token address.</p></section>;
  if (token.isPending) return <section className="issuer"><h1>Token</h1><Loading what="the token" /></section>;
  if (!token.data) {
    return (
      <section className="issuer">
        <h1>Token</h1>
        <p role="status">Waiting for the server to index {address}… ({(token.error as Error | null)?.message ?? "not found yet"})</p>
      </section>
    );
  }
  const t = token.data;
  return (
    <section className="issuer">
      <h1>{t.name} ({t.symbol})</h1>
      <TokenSummary token={t} />
      <nav aria-label="Token tasks" className="tabs">
        {TOKEN_TABS.map((tab) => (
          <NavLink key={tab.path} to={tab.path} end={tab.path === ""}>{tab.label}</NavLink>
        ))}
      </nav>
      <Outlet context={{ token: t } satisfies TokenOutlet} />
    </section>
  );
}

function TokenSummary({ token: t }: { token: IssuerToken }) {
  const rules = t.rules;
  const countries = rules ? countryNames(rules.countryCodes.filter((c): c is string => !!c)) : "";
  return (
    <dl className="details">
      <dt>Address</dt><dd><code>{t.address}</code></dd>
      <dt>Total supply</dt><dd data-testid="total-supply">{formatAmount(t.totalSupply, t.decimals)} {t.symbol}</dd>
      <dt>Investors</dt><dd>{t.investorCount ?? "–"}</dd>
      <dt>Status</dt><dd>{t.paused ? "Paused" : "Active"}</dd>
      {rules && (
        <>
          <dt>Countries</dt>
          <dd>{rules.countryMode === 1 ? `Only ${countries}` : rules.countryMode === 2 ? `All except ${countries}` : "Any"}</dd>
          <dt>Accredited only</dt><dd>{rules.accreditedOnly ? "Yes" : "No"}</dd>
          <dt>Maximum investors</dt><dd>{rules.maxInvestors === 0 ? "No limit" : rules.maxInvestors}</dd>
          <dt>Maximum balance per investor</dt><dd>{rules.maxBalance === "0" ? "No limit" : `${formatAmount(rules.maxBalance, t.decimals)} ${t.symbol}`}</dd>
        </>
      )}
      <dt>Documents</dt>
      <dd>{t.documents.length === 0 ? "None" : <ul>{t.documents.map((d) => <li key={d.name}>{d.name}: {d.uri} <small>(SHA-256 <code>{d.documentHash}</code>)</small></li>)}</ul>}</dd>
    </dl>
  );
}
