import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { cashFor } from "../../../../lib/market/order.ts";
import { request } from "../../api/graphql.ts";
import { LAST_PRICE, MARKET_KEY } from "../../market/lib/market-queries.ts";
import { readAsset } from "../../market/lib/order-calls.ts";
import { formatCash } from "../../market/lib/order-words.ts";
import type { PortfolioToken } from "./TransferForm.tsx";

/**
 * A holding valued at the token's last settled trade price, in the cash token of its market (exact: balance × price
 * / 10^decimals, rounded down). "No trade yet" until the market has a settled trade.
 */
export function MarketValue({ token, balance }: { token: PortfolioToken; balance: bigint }) {
  const publicClient = usePublicClient();
  const price = useQuery({
    queryKey: [MARKET_KEY, "last-price", token.address],
    queryFn: async () => {
      const { lastPrice, marketSettings } = await request(LAST_PRICE, { token: token.address });
      if (lastPrice === null || !marketSettings) return null;
      return { price: BigInt(lastPrice), cash: await readAsset(publicClient!, marketSettings.cashToken) };
    },
    enabled: !!publicClient,
  });
  const text = price.isPending
    ? "Value at the last trade price: not available yet (reading the market…)"
    : price.error
      ? "Value at the last trade price: not available (the market could not be read)."
      : !price.data
        ? `Value at the last trade price: not available yet, no trade yet (${token.symbol} has not traded on the market).`
        : `Value at the last trade price (${formatCash(price.data.price, price.data.cash)} ${price.data.cash.symbol} per ${token.symbol}): ` +
          `${formatCash(cashFor(balance, price.data.price, token.decimals, false), price.data.cash)} ${price.data.cash.symbol}`;
  return <p className="market-value" data-testid="market-value">{text}</p>;
}
