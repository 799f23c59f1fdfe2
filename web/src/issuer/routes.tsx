import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";

/** Issuer pages (token owners and agents): issuing, minting, rules, cap table, distributions. */
export const issuerRoutes: RouteObject[] = [
  {
    path: "issuer",
    element: (
      <RequireArea area="issuer">
        <section>
          <h1>Issuer</h1>
          <p>Issuing and managing tokens will be here.</p>
        </section>
      </RequireArea>
    ),
  },
];
