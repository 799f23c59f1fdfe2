import { mayUse, type Area, type SignedInUser } from "../auth/roles.ts";

export interface NavItem {
  to: string;
  label: string;
  /** The area whose roles may see it; null for everyone. */
  area: Area | null;
}

/** The console's navigation; each role area adds its entry here and its routes in app/routes.tsx. */
export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Tokens", area: null },
  { to: "/investor", label: "Investor", area: "investor" },
  { to: "/market", label: "Market", area: "investor" },
  { to: "/compliance", label: "Compliance", area: "compliance" },
  { to: "/issuer", label: "Issuer", area: "issuer" },
  { to: "/admin", label: "Admin", area: "admin" },
  { to: "/artworks", label: "Artworks", area: "artworks" },
];

/** What the navigation shows for this user (signed out: only what everyone sees). */
export const navItemsFor = (user: SignedInUser | null): NavItem[] => NAV_ITEMS.filter((item) => item.area === null || mayUse(user, item.area));
