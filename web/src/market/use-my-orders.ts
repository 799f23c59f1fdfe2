import { useQuery } from "@tanstack/react-query";
import { useSession } from "../auth/session.tsx";
import { request } from "../api/graphql.ts";
import { MARKET_KEY, MY_ORDERS } from "./lib/market-queries.ts";
import { MARKET_REFRESH_MS } from "./use-market.ts";

/** The signed-in wallet's orders (newest first), shared by the order form (allowance) and the orders table. */
export function useMyOrders() {
  const { user } = useSession();
  return useQuery({
    queryKey: [MARKET_KEY, "my-orders", user?.address],
    queryFn: async () => (await request(MY_ORDERS)).myOrders,
    enabled: !!user,
    refetchInterval: MARKET_REFRESH_MS,
  });
}
