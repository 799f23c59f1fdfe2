import { lazy, Suspense, type ReactNode } from "react";
import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { Loading } from "../ui/states.tsx";

// The vault pages carry the contract ABIs and the transaction module: loaded when opened.
const FractionsPage = lazy(() => import("./FractionsPage.tsx").then((m) => ({ default: m.FractionsPage })));
const FractionalisePage = lazy(() => import("./FractionalisePage.tsx").then((m) => ({ default: m.FractionalisePage })));
const VaultPage = lazy(() => import("./VaultPage.tsx").then((m) => ({ default: m.VaultPage })));

/** Every signed-in wallet may hold a certificate, shares or cash: the pages ask for a session, not a role. */
const page = (element: ReactNode) => (
  <RequireArea area="investor">
    <Suspense fallback={<Loading what="the page" />}>{element}</Suspense>
  </RequireArea>
);

/** Fractional ownership: certificates and vaults, fractionalising one, and a vault with its buy-out. */
export const fractionRoutes: RouteObject[] = [
  { path: "fractions", element: page(<FractionsPage />) },
  { path: "fractions/lock/:collection/:tokenId", element: page(<FractionalisePage />) },
  { path: "fractions/vaults/:vaultId", element: page(<VaultPage />) },
];
