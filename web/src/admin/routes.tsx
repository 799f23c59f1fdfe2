import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";

/** Platform admin pages (granting and revoking off-chain roles comes here). */
export const adminRoutes: RouteObject[] = [
  {
    path: "admin",
    element: (
      <RequireArea area="admin">
        <section>
          <h1>Platform admin</h1>
          <p>Granting and revoking platform roles will be here.</p>
        </section>
      </RequireArea>
    ),
  },
];
