/** The tabs of an issuer's token page, as relative paths under /issuer/tokens/:address (routes.tsx has their pages). */
export const TOKEN_TABS: readonly { path: string; label: string }[] = [
  { path: "", label: "Mint" },
  { path: "rules", label: "Rules & agents" },
  { path: "operations", label: "Operations" },
  { path: "cap-table", label: "Cap table" },
  { path: "distributions", label: "Distributions" },
  { path: "market", label: "Market" },
];
