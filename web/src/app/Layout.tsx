import { Outlet } from "react-router";
import { useLiveUpdates } from "../api/live-updates.ts";
import { WalletMenu } from "../wallet/WalletMenu.tsx";
import { Nav } from "./Nav.tsx";

export function Layout() {
  const indexer = useLiveUpdates();
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
      <footer className="footer">
        {indexer.data ? (
          <span data-testid="indexed-block">Indexed to block {indexer.data.latestIndexedBlock} of {indexer.data.chainHead}; pages refresh as blocks are indexed.</span>
        ) : indexer.isError ? (
          <span>The server's indexer cannot be reached; pages may be out of date.</span>
        ) : null}
      </footer>
    </>
  );
}
