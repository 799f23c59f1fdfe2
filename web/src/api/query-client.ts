import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./graphql.ts";

/** One cache for the console: API answers that are refusals (they have a code) are not retried. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.code) && failures < 2,
      },
    },
  });
}
