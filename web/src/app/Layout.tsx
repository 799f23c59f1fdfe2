import { Outlet } from "react-router";
import { WalletMenu } from "../wallet/WalletMenu.tsx";
import { Nav } from "./Nav.tsx";

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <div className="brand">
          <strong>Folio</strong>
          <span className="tagline">regulated digital assets</span>
        </div>
        <Nav />
        <WalletMenu />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
