import { lazy, Suspense } from "react";
import type { RouteObject } from "react-router";
import { Loading } from "../ui/states.tsx";

// Loaded on its own: a visitor from a QR label downloads this page, not the console.
const VerifyPage = lazy(() => import("./VerifyPage.tsx").then((m) => ({ default: m.VerifyPage })));

/** The public verification page, outside the console's layout (no navigation, no wallet). */
export const verifyRoutes: RouteObject[] = [
  { path: "verify/:collection/:tokenId", element: <Suspense fallback={<main><Loading what="the certificate" /></main>}><VerifyPage /></Suspense> },
];
