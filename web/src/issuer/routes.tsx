import { lazy, Suspense, type ReactNode } from "react";
import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { Loading } from "../ui/states.tsx";

// The issuer's pages carry the token and factory ABIs: loaded when an issuer opens them, not with every page.
const IssuerTokensPage = lazy(() => import("./IssuerTokensPage.tsx").then((m) => ({ default: m.IssuerTokensPage })));
const IssueTokenPage = lazy(() => import("./IssueTokenPage.tsx").then((m) => ({ default: m.IssueTokenPage })));
const IssuerTokenPage = lazy(() => import("./IssuerTokenPage.tsx").then((m) => ({ default: m.IssuerTokenPage })));
const MintPanel = lazy(() => import("./MintPanel.tsx").then((m) => ({ default: m.MintPanel })));
const RulesPanel = lazy(() => import("./RulesPanel.tsx").then((m) => ({ default: m.RulesPanel })));
const OperationsPanel = lazy(() => import("./OperationsPanel.tsx").then((m) => ({ default: m.OperationsPanel })));
const DistributionsPanel = lazy(() => import("./distributions/DistributionsPanel.tsx").then((m) => ({ default: m.DistributionsPanel })));
const DistributionRoundPage = lazy(() => import("./distributions/DistributionRoundPage.tsx").then((m) => ({ default: m.DistributionRoundPage })));
const CapTablePanel = lazy(() => import("./CapTablePanel.tsx").then((m) => ({ default: m.CapTablePanel })));
const MarketSettingsPanel = lazy(() => import("./market/MarketSettingsPanel.tsx").then((m) => ({ default: m.MarketSettingsPanel })));

/** A tab of the token page (its path is in token-tabs.ts), loaded when opened. */
const tab = (page: ReactNode) => <Suspense fallback={<Loading what="the tab" />}>{page}</Suspense>;

const issuerPage = (page: ReactNode) => (
  <RequireArea area="issuer">
    <Suspense fallback={<Loading what="the page" />}>{page}</Suspense>
  </RequireArea>
);

/** Issuer pages (token owners and agents): the issuer's tokens, issuing a token, minting. */
export const issuerRoutes: RouteObject[] = [
  { path: "issuer", element: issuerPage(<IssuerTokensPage />) },
  { path: "issuer/issue", element: issuerPage(<IssueTokenPage />) },
  {
    path: "issuer/tokens/:address",
    element: issuerPage(<IssuerTokenPage />),
    children: [
      { index: true, element: tab(<MintPanel />) },
      { path: "rules", element: tab(<RulesPanel />) },
      { path: "operations", element: tab(<OperationsPanel />) },
      { path: "distributions", element: tab(<DistributionsPanel />) },
      { path: "distributions/:id", element: tab(<DistributionRoundPage />) },
      { path: "cap-table", element: tab(<CapTablePanel />) },
      { path: "market", element: tab(<MarketSettingsPanel />) },
    ],
  },
];
