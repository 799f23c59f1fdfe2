import type { RouteObject } from "react-router";
import { complianceRoutes } from "../compliance/routes.tsx";
import { investorRoutes } from "../investor/routes.tsx";
import { issuerRoutes } from "../issuer/routes.tsx";
import { adminRoutes } from "../admin/routes.tsx";
import { artworkRoutes } from "../artworks/routes.tsx";
import { marketRoutes } from "../market/routes.tsx";
import { TokensPage } from "../tokens/TokensPage.tsx";
import { Layout } from "./Layout.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";

/** Every page of the console; each role area owns its routes module. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, element: <TokensPage /> },
      ...investorRoutes,
      ...complianceRoutes,
      ...issuerRoutes,
      ...adminRoutes,
      ...artworkRoutes,
      ...marketRoutes,
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
