import { useQuery } from "@tanstack/react-query";
import { request } from "../api/graphql.ts";
import { formatAmount } from "../lib/format.ts";
import { ScrollRegion } from "../ui/ScrollRegion.tsx";
import { Empty, QueryState } from "../ui/states.tsx";
import { depthRows, spread, type DepthRow } from "./lib/depth.ts";
import { MARKET_KEY, ORDER_BOOK } from "./lib/market-queries.ts";
import { formatCash } from "./lib/order-words.ts";
import { MARKET_REFRESH_MS, type MarketContext } from "./use-market.ts";

/**
 * The book: asks above (best, lowest, nearest the middle), bids below (best, highest, first). Each level shows its
 * amount, its orders and a bar of the cumulative depth; the table is the accessible form, the bar only decoration.
 */
export function OrderBookPanel({ market }: { market: MarketContext }) {
  const book = useQuery({
    queryKey: [MARKET_KEY, "book", market.token.address, market.cash.address],
    queryFn: () => request(ORDER_BOOK, { token: market.token.address, cash: market.cash.address }),
    refetchInterval: MARKET_REFRESH_MS,
  });
  return (
    <section className="panel" aria-labelledby="book-heading" data-testid="order-book">
      <h2 id="book-heading">Order book</h2>
      <QueryState query={book} what="the order book">
        {({ orderBook: { bids, asks } }) => {
          if (bids.length === 0 && asks.length === 0) return <Empty>No open orders yet: place the first one.</Empty>;
          const rows = depthRows(bids, asks);
          const gap = spread(bids, asks);
          return (
            <ScrollRegion label="Order book">
              <table className="book">
                <caption className="visually-hidden">Open orders per price: asks (sell) then bids (buy), best prices nearest the spread</caption>
                <thead>
                  <tr>
                    <th scope="col">Side</th>
                    <th scope="col" className="num">Price ({market.cash.symbol})</th>
                    <th scope="col" className="num">Amount ({market.token.symbol})</th>
                    <th scope="col" className="num">Orders</th>
                    <th scope="col" className="num">Depth ({market.token.symbol})</th>
                  </tr>
                </thead>
                <tbody>
                  {[...rows.asks].reverse().map((r) => <BookRow key={`a${r.price}`} side="ask" row={r} market={market} />)}
                  <tr className="book-spread">
                    <td colSpan={5}>{gap === null ? "No spread: one side is empty" : `Spread ${formatCash(gap, market.cash)} ${market.cash.symbol}`}</td>
                  </tr>
                  {rows.bids.map((r) => <BookRow key={`b${r.price}`} side="bid" row={r} market={market} />)}
                </tbody>
              </table>
            </ScrollRegion>
          );
        }}
      </QueryState>
    </section>
  );
}

function BookRow({ side, row, market }: { side: "bid" | "ask"; row: DepthRow; market: MarketContext }) {
  return (
    <tr className={`book-${side}`} data-testid={`book-${side}`} style={{ ["--depth" as string]: `${row.percent}%` }}>
      <th scope="row">{side === "bid" ? "Buy" : "Sell"}</th>
      <td className="num">{formatCash(row.price, market.cash)}</td>
      <td className="num">{formatAmount(row.amount, market.token.decimals)}</td>
      <td className="num">{row.orders}</td>
      <td className="num depth-cell"><span className="depth-bar" aria-hidden="true" />{formatAmount(row.cumulative, market.token.decimals)}</td>
    </tr>
  );
}
