import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter, Outlet, Route, Routes } from "react-router";
import { foundry } from "viem/chains";
import { describe, expect, it } from "vitest";
import { createConfig, http, WagmiProvider } from "wagmi";
import type { IssuerToken } from "../../../web/src/issuer/lib/issuer-queries.ts";
import { OperationsPanel } from "../../../web/src/issuer/OperationsPanel.tsx";
import { RulesPanel } from "../../../web/src/issuer/RulesPanel.tsx";

const token: NonNullable<IssuerToken> = {
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  name: "Acme Bond", symbol: "ACME", decimals: 6, totalSupply: "0", owner: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", paused: false, investorCount: "0",
  rules: { countryMode: 1, countryCodes: ["FR"], accreditedOnly: true, maxInvestors: 100, maxBalance: "1000500000" },
  documents: [],
  agents: [{ address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", permissions: 5 }],
};

function render(panel: ReactNode) {
  const wagmi = createConfig({ chains: [foundry], transports: { [foundry.id]: http("http://127.0.0.1:1") }, ssr: true });
  return renderToStaticMarkup(
    <WagmiProvider config={wagmi}>
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <Routes>
            <Route element={<Outlet context={{ token }} />}>
              <Route index element={panel} />
            </Route>
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </WagmiProvider>,
  );
}

describe("RulesPanel", () => {
  it("prefills the rules with the token's current ones", () => {
    const html = render(<RulesPanel />);
    expect(html).toMatch(/<input type="radio" name="rulesCountryMode" checked="" value="allow"\/>/);
    expect(html).toContain("France");
    expect(html).toMatch(/value="100"/);
    expect(html).toMatch(/value="1000.5"/);
    expect(html).toContain("Maximum balance per investor (ACME)");
  });

  it("lists each agent with its permission bits ticked, and a form to add one", () => {
    const html = render(<RulesPanel />);
    expect(html).toContain("Mint, Freeze wallets and amounts");
    expect(html).toContain("<legend>Permissions of <code>0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266</code></legend>");
    expect((html.match(/type="checkbox" checked=""/g) ?? []).length).toBe(3); // accredited only, MINT, FREEZE
    expect(html).toContain("Add agent");
    expect(html).toContain("Pause ACME");
  });
});

describe("OperationsPanel", () => {
  it("asks for a reason in every operation and loads the recorded actions", () => {
    const html = render(<OperationsPanel />);
    for (const title of ["Freeze or unfreeze a wallet", "Freeze or unfreeze an amount", "Forced transfer", "Wallet recovery"]) {
      expect(html).toContain(`aria-label="${title}"`);
    }
    expect((html.match(/>Reason<\/label>/g) ?? []).length).toBe(4);
    expect(html).toContain("Required, up to 500 characters");
    expect(html).toContain("Loading the agent actions");
  });
});
