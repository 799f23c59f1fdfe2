import "./compliance.css";
import { NavLink, Outlet } from "react-router";

/** The compliance area's pages, as sub-navigation under the main one. */
export const COMPLIANCE_PAGES: readonly { to: string; label: string }[] = [
  { to: "/compliance/kyc", label: "Queue" },
  { to: "/compliance/renewals", label: "Renewals" },
  { to: "/compliance/import", label: "Import" },
  { to: "/compliance/audit", label: "Audit log" },
];

export function ComplianceLayout() {
  return (
    <>
      <nav aria-label="Compliance pages" className="subnav">
        <ul>
          {COMPLIANCE_PAGES.map((p) => <li key={p.to}><NavLink to={p.to}>{p.label}</NavLink></li>)}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
