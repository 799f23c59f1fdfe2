import { lazy, Suspense } from "react";
import { useParams, type RouteObject } from "react-router";
import { Loading } from "../ui/states.tsx";

// Loaded on its own: inside the console (a link followed there, or `vite dev`) the page comes with its chunk. A
// visitor from a QR label gets the page's own entry instead (web/verify.html), served by the server for /verify/*.
const VerifyPage = lazy(() => import("./VerifyPage.tsx").then((m) => ({ default: m.VerifyPage })));

function VerifyRoute() {
  const { collection = "", tokenId = "" } = useParams();
  return <Suspense fallback={<main><Loading what="the certificate" /></main>}><VerifyPage collection={collection} tokenId={tokenId} /></Suspense>;
}

/** The public verification page, outside the console's layout (no navigation, no wallet). */
export const verifyRoutes: RouteObject[] = [{ path: "verify/:collection/:tokenId", element: <VerifyRoute /> }];
