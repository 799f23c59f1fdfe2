/** The investor area's pages, as its navigation lists them; each investor page adds its line here. */
export const INVESTOR_PAGES: readonly { to: string; label: string }[] = [
  { to: "/investor", label: "Onboarding" },
  { to: "/investor/portfolio", label: "Portfolio" },
  { to: "/investor/income", label: "Income" },
  { to: "/investor/wallets", label: "Wallets" },
];
