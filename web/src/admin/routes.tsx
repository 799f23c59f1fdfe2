import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { AdminLayout } from "./AdminLayout.tsx";
import { OutboxPage } from "./OutboxPage.tsx";
import { RolesPage } from "./RolesPage.tsx";

/** Platform admin pages: off-chain roles and the transaction outbox. */
export const adminRoutes: RouteObject[] = [
  {
    path: "admin",
    element: <RequireArea area="admin"><AdminLayout /></RequireArea>,
    children: [
      { index: true, element: <RolesPage /> },
      { path: "outbox", element: <OutboxPage /> },
    ],
  },
];
