import { lazy, Suspense, type ReactNode } from "react";
import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { Loading } from "../ui/states.tsx";

// The market pages carry recharts and the Settlement ABI: loaded when opened.
const MarketsPage = lazy(() => import("./MarketsPage.tsx").then((m) => ({ default: m.MarketsPage })));
const MarketPage = lazy(() => import("./MarketPage.tsx").then((m) => ({ default: m.MarketPage })));

/** Signed-in users only: placing an order needs a session (and a verified investor, which the server checks). */
const marketPage = (page: ReactNode) => (
  <RequireArea area="investor">
    <Suspense fallback={<Loading what="the market" />}>{page}</Suspense>
  </RequireArea>
);

/** The secondary market: the list of open markets and one page per token. */
export const marketRoutes: RouteObject[] = [
  { path: "market", element: marketPage(<MarketsPage />) },
  { path: "market/:token", element: marketPage(<MarketPage />) },
];
