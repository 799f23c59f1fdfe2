import "./investor.css";
import { NavLink } from "react-router";
import { INVESTOR_PAGES } from "./investor-pages.ts";

/** The investor area's own navigation, above each of its pages. */
export function InvestorNav() {
  return (
    <nav aria-label="Investor pages" className="investor-nav">
      {INVESTOR_PAGES.map((p) => (
        <NavLink key={p.to} to={p.to} end>{p.label}</NavLink>
      ))}
    </nav>
  );
}
