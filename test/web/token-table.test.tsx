import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TokenTable } from "../../web/src/tokens/TokenTable.tsx";

describe("TokenTable", () => {
  it("renders one row per token with its supply in whole units", () => {
    const html = renderToStaticMarkup(
      <TokenTable tokens={[{ address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", name: "Acme Bond", symbol: "ACME", decimals: 6, totalSupply: "2500000000" }]} />,
    );
    expect(html).toContain("Acme Bond");
    expect(html).toContain("2,500");
    expect(html.match(/data-testid="token-row"/g)).toHaveLength(1);
  });

  it("says so when nothing has been issued", () => {
    expect(renderToStaticMarkup(<TokenTable tokens={[]} />)).toContain("No tokens issued yet");
  });
});
