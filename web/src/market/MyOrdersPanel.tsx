import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { getAddress } from "viem";
import { request } from "../api/graphql.ts";
import { formatAmount } from "../lib/format.ts";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import { ScrollRegion } from "../ui/ScrollRegion.tsx";
import { Empty, QueryState } from "../ui/states.tsx";
import { describeMarketError } from "./lib/market-errors.ts";
import { CANCEL_ORDER, MARKET_KEY } from "./lib/market-queries.ts";
import { cancelCall } from "./lib/order-calls.ts";
import { formatCash, formatUtc } from "./lib/order-words.ts";
import { useMyOrders } from "./use-my-orders.ts";
import type { MarketContext } from "./use-market.ts";

type Order = NonNullable<ReturnType<typeof useMyOrders>["data"]>[number];
type Pending = { hash: string; to: string; data: string; value: string; description: string };

const STATUS_WORDS: Record<string, string> = { OPEN: "Open", FILLED: "Filled", CANCELLED: "Cancelled", EXPIRED: "Expired", UNFILLABLE: "Not fundable" };

/**
 * The wallet's orders in this market: open ones with cancel, then the latest closed ones. Cancelling takes the order
 * off the book at once; the on-chain cancel it returns is then offered, so the signed order can never fill anywhere.
 */
export function MyOrdersPanel({ market }: { market: MarketContext }) {
  const orders = useMyOrders();
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tx = useTransaction();
  const queryClient = useQueryClient();

  async function cancel(order: Order) {
    setError(null);
    tx.reset();
    try {
      const { cancelOrder } = await request(CANCEL_ORDER, { hash: order.hash });
      setPending({ hash: order.hash, ...cancelOrder.cancelTransaction });
      void queryClient.invalidateQueries({ queryKey: [MARKET_KEY] });
    } catch (e) {
      setError(describeMarketError(e).text);
    }
  }

  async function cancelOnChain() {
    if (!pending) return;
    try {
      const result = await tx.send(cancelCall(pending, market.settlement));
      if (result.status === "confirmed") void queryClient.invalidateQueries({ queryKey: [MARKET_KEY] });
    } catch (e) {
      setError(describeMarketError(e).text);
    }
  }

  return (
    <section className="panel" aria-labelledby="my-orders-heading" data-testid="my-orders">
      <h2 id="my-orders-heading">My orders</h2>
      <QueryState query={orders} what="your orders">
        {(all) => {
          const mine = all.filter((o) => getAddress(o.token) === market.token.address);
          const open = mine.filter((o) => o.status === "OPEN");
          const closed = mine.filter((o) => o.status !== "OPEN").slice(0, 10);
          if (mine.length === 0) return <Empty>You have no orders in this market.</Empty>;
          return (
            <>
              <OrdersTable caption="Open orders" orders={open} market={market} onCancel={(o) => void cancel(o)} busy={tx.busy} />
              {closed.length > 0 && <OrdersTable caption="Recent closed orders" orders={closed} market={market} />}
            </>
          );
        }}
      </QueryState>
      {error && <p role="alert" className="tx tx-failed">{error}</p>}
      {pending && (
        <div className="cancel-onchain" data-testid="cancel-onchain">
          <p>
            The order is off the book. To make sure its signature can never fill it, also send the on-chain cancel: <em>{pending.description}</em>.
          </p>
          <button type="button" disabled={tx.busy} onClick={() => void cancelOnChain()}>Cancel on chain</button>
          <TransactionStatus state={tx.state} />
        </div>
      )}
    </section>
  );
}

function OrdersTable({ caption, orders, market, onCancel, busy }: { caption: string; orders: Order[]; market: MarketContext; onCancel?(o: Order): void; busy?: boolean }) {
  if (orders.length === 0) return <p className="state state-empty">No {caption.toLowerCase()}.</p>;
  const amount = (v: string) => formatAmount(v, market.token.decimals);
  return (
    <ScrollRegion label={caption}>
      <table aria-label={caption}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Side</th><th scope="col" className="num">Amount</th><th scope="col" className="num">Price</th>
            <th scope="col" className="num">Filled</th><th scope="col">Status</th><th scope="col">Until (UTC)</th>
            {onCancel && <th scope="col"><span className="visually-hidden">Action</span></th>}
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.hash} data-testid="my-order">
              <td>{o.side === "BUY" ? "Buy" : "Sell"}</td>
              <td className="num">{amount(o.amount)}</td>
              <td className="num">{formatCash(BigInt(o.price), market.cash)}</td>
              <td className="num">{amount(o.filled)}{BigInt(o.reserved) > 0n ? ` (+${amount(o.reserved)} settling)` : ""}</td>
              <td>{STATUS_WORDS[o.status] ?? o.status}</td>
              <td className="nowrap" title={formatUtc(BigInt(o.expiry))}>{formatUtc(BigInt(o.expiry)).slice(5, 16)}</td>
              {onCancel && (
                <td>
                  <button type="button" disabled={busy} onClick={() => onCancel(o)} aria-label={`Cancel ${o.side === "BUY" ? "buy" : "sell"} ${amount(o.amount)} at ${formatCash(BigInt(o.price), market.cash)}`}>Cancel</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
