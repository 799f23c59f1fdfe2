import { TokensPage } from "./tokens/TokensPage.tsx";

export function App() {
  return (
    <>
      <header className="topbar">
        <strong>Folio</strong>
        <span className="tagline">regulated digital assets</span>
      </header>
      <main>
        <TokensPage />
      </main>
    </>
  );
}
