import "./market.css";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { getAddress } from "viem";
import { usePublicClient } from "wagmi";
import { request } from "../api/graphql.ts";
import { formatAmount } from "../lib/format.ts";
import { ScrollRegion } from "../ui/ScrollRegion.tsx";
import { Empty, QueryState } from "../ui/states.tsx";
import { MARKETS, MARKET_KEY } from "./lib/market-queries.ts";
import { readAsset } from "./lib/order-calls.ts";
import { formatCash } from "./lib/order-words.ts";
import { formatChange } from "./MarketStatsBar.tsx";
import { MARKET_REFRESH_MS } from "./use-market.ts";

/** Every token whose market is open: last price, 24-hour change and volume. */
export function MarketsPage() {
  const publicClient = usePublicClient();
  const markets = useQuery({
    queryKey: [MARKET_KEY, "list"],
    refetchInterval: MARKET_REFRESH_MS * 2,
    enabled: !!publicClient,
    queryFn: async () => {
      const { markets, tokens } = await request(MARKETS);
      const byAddress = new Map(tokens.map((t) => [getAddress(t.address), t]));
      const cashTokens = [...new Set(markets.map((m) => m.cashToken))];
      const cash = new Map(await Promise.all(cashTokens.map(async (c) => [c, await readAsset(publicClient!, c)] as const)));
      return markets.map((m) => ({ ...m, info: byAddress.get(getAddress(m.token)), cash: cash.get(m.cashToken)! }));
    },
  });
  return (
    <section className="market">
      <h1>Market</h1>
      <p>Verified investors trade security tokens against digital cash. Orders are signed in your wallet; each trade settles on chain in one transaction, tokens against cash, or not at all.</p>
      <QueryState query={markets} what="the markets">
        {(list) => list.length === 0 ? <Empty>No market is open yet. An issuer opens one on the token's Market tab.</Empty> : (
          <ScrollRegion label="Open markets">
            <table aria-label="Open markets">
              <thead>
                <tr><th scope="col">Token</th><th scope="col" className="num">Last price</th><th scope="col" className="num">24 h change</th><th scope="col" className="num">24 h volume</th><th scope="col" className="num">Trades (24 h)</th></tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.token} data-testid="market-row">
                    <th scope="row"><Link to={`/market/${m.token}`}>{m.info ? `${m.info.name} (${m.info.symbol})` : m.token}</Link></th>
                    <td className="num">{m.stats.lastPrice ? `${formatCash(BigInt(m.stats.lastPrice), m.cash)} ${m.cash.symbol}` : "No trade yet"}</td>
                    <td className="num">{formatChange(m.stats.change, m.stats.changeBps, m.cash)}</td>
                    <td className="num">{m.info ? `${formatAmount(m.stats.volume, m.info.decimals)} ${m.info.symbol}` : m.stats.volume}</td>
                    <td className="num">{m.stats.trades}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </QueryState>
    </section>
  );
}
