import type { RouteObject } from "react-router";
import { IssuerTokenPage } from "./IssuerTokenPage.tsx";
import { IssuerTokensPage } from "./IssuerTokensPage.tsx";
import { IssueTokenPage } from "./IssueTokenPage.tsx";

/** The issuer's pages, for the console's router. */
export const issuerRoutes: RouteObject[] = [
  { path: "issuer", element: <IssuerTokensPage /> },
  { path: "issuer/issue", element: <IssueTokenPage /> },
  { path: "issuer/tokens/:address", element: <IssuerTokenPage /> },
];
