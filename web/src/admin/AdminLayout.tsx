import "../compliance/compliance.css";
import { NavLink, Outlet } from "react-router";

/** The platform admin's pages, as sub-navigation under the main one. */
export const ADMIN_PAGES: readonly { to: string; label: string; end?: boolean }[] = [
  { to: "/admin", label: "Roles", end: true },
  { to: "/admin/outbox", label: "Outbox" },
];

export function AdminLayout() {
  return (
    <>
      <nav aria-label="Admin pages" className="subnav">
        <ul>
          {ADMIN_PAGES.map((p) => <li key={p.to}><NavLink to={p.to} end={p.end}>{p.label}</NavLink></li>)}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
