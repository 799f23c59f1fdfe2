import { NavLink } from "react-router";
import { useSession } from "../auth/session.tsx";
import { navItemsFor } from "./nav-items.ts";

export function Nav() {
  const { user } = useSession();
  return (
    <nav aria-label="Main">
      <ul className="nav">
        {navItemsFor(user).map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.to === "/"}>{item.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
