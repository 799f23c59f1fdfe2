import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { OnboardingPage } from "./OnboardingPage.tsx";

/** Investor pages: onboarding (KYC) now; portfolio and income come here. */
export const investorRoutes: RouteObject[] = [
  { path: "investor", element: <RequireArea area="investor"><OnboardingPage /></RequireArea> },
];
