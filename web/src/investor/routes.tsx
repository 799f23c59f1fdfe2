import type { ReactNode } from "react";
import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { InvestorNav } from "./InvestorNav.tsx";
import { OnboardingPage } from "./OnboardingPage.tsx";
import { PortfolioPage } from "./portfolio/PortfolioPage.tsx";
import { WalletsPage } from "./wallets/WalletsPage.tsx";

/** An investor page under the investor area's navigation, for signed-in users. */
const investorPage = (page: ReactNode) => (
  <RequireArea area="investor">
    <InvestorNav />
    {page}
  </RequireArea>
);

/** Investor pages: onboarding (KYC), portfolio, wallets; income comes here. */
export const investorRoutes: RouteObject[] = [
  { path: "investor", element: investorPage(<OnboardingPage />) },
  { path: "investor/portfolio", element: investorPage(<PortfolioPage />) },
  // Not behind RequireArea: the wallet being linked signs without a session of its own.
  { path: "investor/wallets", element: <><InvestorNav /><WalletsPage /></> },
];
