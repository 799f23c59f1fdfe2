import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { foundry } from "viem/chains";
import { describe, expect, it } from "vitest";
import { createConfig, http, WagmiProvider } from "wagmi";
import { IssueTokenPage } from "../../../web/src/issuer/IssueTokenPage.tsx";

function render() {
  const wagmi = createConfig({ chains: [foundry], transports: { [foundry.id]: http("http://127.0.0.1:1") }, ssr: true });
  return renderToStaticMarkup(
    <WagmiProvider config={wagmi}>
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <IssueTokenPage />
        </MemoryRouter>
      </QueryClientProvider>
    </WagmiProvider>,
  );
}

describe("IssueTokenPage", () => {
  it("labels every field of the guided form and asks for a wallet before anything can be sent", () => {
    const html = render();
    for (const label of ["Name", "Symbol", "Decimals", "Maximum number of investors", "Maximum balance per investor"]) {
      expect(html).toMatch(new RegExp(`<label for="[^"]+">${label}`));
    }
    expect(html).toContain("Only investors from the countries listed (allow-list)");
    expect(html).toContain("Accredited investors only");
    expect(html).toContain("Connect your wallet to issue a token.");
    expect(html).toMatch(/<button type="submit" class="primary" disabled="">Review the transaction<\/button>/);
  });
});
