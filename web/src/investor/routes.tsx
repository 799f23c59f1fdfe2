import { lazy, Suspense, type ReactNode } from "react";
import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { Loading } from "../ui/states.tsx";
import { InvestorNav } from "./InvestorNav.tsx";
import { OnboardingPage } from "./OnboardingPage.tsx";

const IncomePage = lazy(() => import("./income/IncomePage.tsx").then((m) => ({ default: m.IncomePage })));

// The portfolio and wallet pages carry the token ABI and the transaction module: loaded when opened.
const PortfolioPage = lazy(() => import("./portfolio/PortfolioPage.tsx").then((m) => ({ default: m.PortfolioPage })));
const WalletsPage = lazy(() => import("./wallets/WalletsPage.tsx").then((m) => ({ default: m.WalletsPage })));

const loaded = (page: ReactNode) => <Suspense fallback={<Loading what="the page" />}>{page}</Suspense>;

/** An investor page under the investor area's navigation, for signed-in users. */
const investorPage = (page: ReactNode) => (
  <RequireArea area="investor">
    <InvestorNav />
    {loaded(page)}
  </RequireArea>
);

/** Investor pages: onboarding (KYC), portfolio, income, wallets. */
export const investorRoutes: RouteObject[] = [
  { path: "investor", element: investorPage(<OnboardingPage />) },
  { path: "investor/portfolio", element: investorPage(<PortfolioPage />) },
  { path: "investor/income", element: investorPage(<IncomePage />) },
  // Not behind RequireArea: the wallet being linked signs without a session of its own.
  { path: "investor/wallets", element: <><InvestorNav />{loaded(<WalletsPage />)}</> },
];
