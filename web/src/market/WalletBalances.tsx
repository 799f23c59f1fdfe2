import { useQuery } from "@tanstack/react-query";
import { useConnection, usePublicClient } from "wagmi";
import { formatAmount } from "../lib/format.ts";
import { MARKET_KEY } from "./lib/market-queries.ts";
import { balanceOf } from "./lib/order-calls.ts";
import { formatCash } from "./lib/order-words.ts";
import { MARKET_REFRESH_MS, type MarketContext } from "./use-market.ts";

/** What the connected wallet holds of both assets, read from the tokens. */
export function WalletBalances({ market }: { market: MarketContext }) {
  const { address } = useConnection();
  const publicClient = usePublicClient();
  const balances = useQuery({
    queryKey: [MARKET_KEY, "balances", address, market.token.address, market.cash.address],
    enabled: !!address && !!publicClient,
    refetchInterval: MARKET_REFRESH_MS,
    queryFn: async () => {
      const [token, cash] = await Promise.all([balanceOf(publicClient!, market.token.address, address!), balanceOf(publicClient!, market.cash.address, address!)]);
      return { token, cash };
    },
  });
  if (!balances.data) return null;
  return (
    <p className="wallet-balances" data-testid="wallet-balances">
      Your wallet holds <strong data-testid="token-balance">{formatAmount(balances.data.token, market.token.decimals)} {market.token.symbol}</strong> and{" "}
      <strong data-testid="cash-balance">{formatCash(balances.data.cash, market.cash)} {market.cash.symbol}</strong>.
    </p>
  );
}
