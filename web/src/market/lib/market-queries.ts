import { graphql } from "../../api/graphql.ts";

export const MARKETS = graphql(`
  query Markets { markets { token cashToken tickSize lotSize stats { lastPrice volume cashVolume trades change changeBps } } tokens { address name symbol decimals } }
`);

export const MARKET = graphql(`
  query Market($token: Address!) {
    token(address: $token) { address name symbol decimals }
    marketSettings(token: $token) { token cashToken tickSize lotSize enabled }
    marketStats(token: $token) { lastPrice volume cashVolume trades high low change changeBps }
  }
`);

export const ORDER_BOOK = graphql(`
  query OrderBook($token: Address!, $cash: Address!) {
    orderBook(token: $token, cashToken: $cash) { bids { price amount orders } asks { price amount orders } }
  }
`);

export const TRADES = graphql(`
  query Trades($token: Address!) { trades(token: $token) { id price amount cash status txHash createdAt buyOrder sellOrder } }
`);

export const MY_ORDERS = graphql(`
  query MyOrders { myOrders { hash side token cashToken amount price nonce expiry status filled reserved remaining createdAt } }
`);

export const CANDLES = graphql(`
  query Candles($token: Address!, $interval: CandleInterval!) { candles(token: $token, interval: $interval, limit: 120) { time open high low close volume trades } }
`);

export const PLACE_ORDER = graphql(`
  mutation PlaceOrder($order: MarketOrderInput!, $signature: String!) {
    placeOrder(order: $order, signature: $signature) { order { hash status remaining } trades { id amount price status } skipped { resting reason } }
  }
`);

export const CANCEL_ORDER = graphql(`
  mutation CancelOrder($hash: String!) {
    cancelOrder(hash: $hash) { order { hash status } cancelTransaction { to data value description } }
  }
`);

export const SET_MARKET_SETTINGS = graphql(`
  mutation SetMarketSettings($token: Address!, $settings: MarketSettingsInput!) {
    setMarketSettings(token: $token, settings: $settings) { token cashToken tickSize lotSize enabled updatedAt }
  }
`);

export const MARKET_SETTINGS = graphql(`
  query MarketSettingsOf($token: Address!) { marketSettings(token: $token) { token cashToken tickSize lotSize enabled updatedBy updatedAt } }
`);

export const LAST_PRICE = graphql(`query LastPrice($token: Address!) { lastPrice(token: $token) marketSettings(token: $token) { cashToken } }`);

/** Every market query's key starts with this, so a placed or cancelled order refreshes them all at once. */
export const MARKET_KEY = "market";
