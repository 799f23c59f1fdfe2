import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { IssuerTokenPage } from "./IssuerTokenPage.tsx";
import { IssuerTokensPage } from "./IssuerTokensPage.tsx";
import { IssueTokenPage } from "./IssueTokenPage.tsx";

/** Issuer pages (token owners and agents): the issuer's tokens, issuing a token, minting. */
export const issuerRoutes: RouteObject[] = [
  { path: "issuer", element: <RequireArea area="issuer"><IssuerTokensPage /></RequireArea> },
  { path: "issuer/issue", element: <RequireArea area="issuer"><IssueTokenPage /></RequireArea> },
  { path: "issuer/tokens/:address", element: <RequireArea area="issuer"><IssuerTokenPage /></RequireArea> },
];
