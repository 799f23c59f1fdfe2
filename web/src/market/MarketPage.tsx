import "./market.css";
import { Link, useParams } from "react-router";
import { getAddress, isAddress } from "viem";
import { Empty, ErrorState, Loading } from "../ui/states.tsx";
import { CandleChart } from "./CandleChart.tsx";
import { MarketStatsBar } from "./MarketStatsBar.tsx";
import { MyOrdersPanel } from "./MyOrdersPanel.tsx";
import { OrderBookPanel } from "./OrderBookPanel.tsx";
import { PlaceOrderForm } from "./PlaceOrderForm.tsx";
import { TradeHistory } from "./TradeHistory.tsx";
import { useMarket } from "./use-market.ts";

/** One token's market: figures, book, chart, the order form, the wallet's orders and the trades. */
export function MarketPage() {
  const { token } = useParams();
  if (!token || !isAddress(token)) return <section className="market"><h1>Market</h1><p role="alert">"{token}" is not a token address.</p></section>;
  return <TokenMarket token={getAddress(token)} />;
}

function TokenMarket({ token }: { token: `0x${string}` }) {
  const { context: market, stats, noMarket, error, refetch } = useMarket(token);
  const back = <p className="back"><Link to="/market">All markets</Link></p>;
  if (error) return <section className="market">{back}<h1>Market</h1><ErrorState title="Could not load this market." error={error} onRetry={refetch} /></section>;
  if (noMarket) return <section className="market">{back}<h1>Market</h1><Empty>This token has no market: its issuer has not opened one.</Empty></section>;
  if (!market) return <section className="market">{back}<h1>Market</h1><Loading what="the market" /></section>;
  return (
    <section className="market">
      {back}
      <h1>{market.token.name} ({market.token.symbol}) <span className="pair">/ {market.cash.symbol}</span></h1>
      <MarketStatsBar market={market} stats={stats} />
      <div className="market-grid">
        <div className="market-main">
          <OrderBookPanel market={market} />
          <CandleChart market={market} />
        </div>
        <div className="market-side">
          <PlaceOrderForm market={market} />
          <MyOrdersPanel market={market} />
        </div>
      </div>
      <TradeHistory market={market} />
    </section>
  );
}
