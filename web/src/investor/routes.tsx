import { lazy, Suspense } from "react";
import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { OnboardingPage } from "./OnboardingPage.tsx";
import { Loading } from "../ui/states.tsx";

const IncomePage = lazy(() => import("./income/IncomePage.tsx").then((m) => ({ default: m.IncomePage })));

/** Investor pages: onboarding (KYC) now; portfolio and income come here. */
export const investorRoutes: RouteObject[] = [
  { path: "investor", element: <RequireArea area="investor"><OnboardingPage /></RequireArea> },
  { path: "investor/income", element: <RequireArea area="investor"><Suspense fallback={<Loading what="the page" />}><IncomePage /></Suspense></RequireArea> },
];
