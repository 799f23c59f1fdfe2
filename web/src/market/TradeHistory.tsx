import { useQuery } from "@tanstack/react-query";
import { request } from "../api/graphql.ts";
import { formatAmount } from "../lib/format.ts";
import { ScrollRegion } from "../ui/ScrollRegion.tsx";
import { Empty, QueryState } from "../ui/states.tsx";
import { MARKET_KEY, TRADES } from "./lib/market-queries.ts";
import { formatCash } from "./lib/order-words.ts";
import { useMyOrders } from "./use-my-orders.ts";
import { MARKET_REFRESH_MS, type MarketContext } from "./use-market.ts";

const STATUS_WORDS: Record<string, string> = { PENDING: "Settling", CONFIRMED: "Settled", FAILED: "Failed (amounts returned to the book)" };

/** The market's latest trades (newest first), the wallet's own marked. */
export function TradeHistory({ market }: { market: MarketContext }) {
  const trades = useQuery({
    queryKey: [MARKET_KEY, "trades", market.token.address],
    queryFn: async () => (await request(TRADES, { token: market.token.address })).trades,
    refetchInterval: MARKET_REFRESH_MS,
  });
  const mine = new Set((useMyOrders().data ?? []).map((o) => o.hash));
  return (
    <section className="panel" aria-labelledby="trades-heading" data-testid="trade-history">
      <h2 id="trades-heading">Trade history</h2>
      <QueryState query={trades} what="the trades">
        {(list) => list.length === 0 ? <Empty>No trades yet.</Empty> : (
          <ScrollRegion label="Trades">
            <table aria-label="Trades">
              <thead>
                <tr>
                  <th scope="col">Time (UTC)</th><th scope="col" className="num">Price ({market.cash.symbol})</th>
                  <th scope="col" className="num">Amount ({market.token.symbol})</th><th scope="col" className="num">Total ({market.cash.symbol})</th>
                  <th scope="col">Status</th><th scope="col">Yours</th>
                </tr>
              </thead>
              <tbody>
                {list.slice(0, 50).map((t) => (
                  <tr key={t.id} data-testid="trade-row">
                    <td>{t.createdAt.slice(0, 19).replace("T", " ")}</td>
                    <td className="num">{formatCash(BigInt(t.price), market.cash)}</td>
                    <td className="num">{formatAmount(t.amount, market.token.decimals)}</td>
                    <td className="num">{formatCash(BigInt(t.cash), market.cash)}</td>
                    <td>{t.txHash ? <span title={t.txHash}>{STATUS_WORDS[t.status] ?? t.status}</span> : STATUS_WORDS[t.status] ?? t.status}</td>
                    <td>{mine.has(t.buyOrder) ? "You bought" : mine.has(t.sellOrder) ? "You sold" : ""}</td>
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
