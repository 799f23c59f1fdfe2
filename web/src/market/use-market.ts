import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import { request } from "../api/graphql.ts";
import { loadDeployment } from "../issuer/lib/deployment.ts";
import { MARKET, MARKET_KEY } from "./lib/market-queries.ts";
import { readAsset } from "./lib/order-calls.ts";
import type { MarketRules } from "./lib/order-form.ts";
import type { Asset } from "./lib/order-words.ts";

/**
 * How often the market's answers are read again. The book and trades move without a new block (an order resting is
 * not on chain), so they are polled besides the refresh on every indexed block (api/live-updates.ts).
 */
export const MARKET_REFRESH_MS = 2_000;

export interface MarketContext {
  token: Asset & { address: Address; name: string };
  cash: Asset & { address: Address };
  rules: MarketRules;
  enabled: boolean;
  settlement: Address;
  chainId: number;
}

/** Everything a market page needs about one token's market: the token, its cash token, tick and lot, the Settlement. */
export function useMarket(token: Address) {
  const publicClient = usePublicClient();
  const deployment = useQuery({ queryKey: ["deployment"], queryFn: () => loadDeployment(), staleTime: Infinity });
  const market = useQuery({ queryKey: [MARKET_KEY, "market", token], queryFn: () => request(MARKET, { token }), refetchInterval: MARKET_REFRESH_MS });
  const cashAddress = market.data?.marketSettings?.cashToken;
  const cash = useQuery({
    queryKey: ["erc20-asset", cashAddress],
    queryFn: () => readAsset(publicClient!, cashAddress!),
    enabled: !!cashAddress && !!publicClient,
    staleTime: Infinity,
  });
  const settings = market.data?.marketSettings;
  const settlement = deployment.data?.contracts.Settlement;
  const context: MarketContext | null =
    market.data && settings && cash.data && deployment.data && settlement
      ? {
          token: { ...market.data.token, address: market.data.token.address },
          cash: { ...cash.data, address: settings.cashToken },
          rules: { tickSize: BigInt(settings.tickSize), lotSize: BigInt(settings.lotSize) },
          enabled: settings.enabled,
          settlement,
          chainId: deployment.data.chainId,
        }
      : null;
  return {
    context,
    stats: market.data?.marketStats ?? null,
    /** True once the answers are in and the token has no market settings at all. */
    noMarket: market.isSuccess && !settings,
    error: market.error ?? deployment.error ?? cash.error ?? (deployment.data && !settlement ? new Error("No Settlement contract is deployed on this chain") : null),
    refetch: () => void Promise.all([market.refetch(), deployment.refetch(), cash.refetch()]),
  };
}
