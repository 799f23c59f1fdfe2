import { describe, expect, it } from "vitest";
import { assetNames, pageGraph, readAsset, readPage, staticGraph, webBuilt } from "./support/built-web.ts";

// `npm run build` runs before the tests (npm test); run it first when calling vitest directly.
describe.runIf(webBuilt)("the built console's chart pages", () => {
  // recharts' own class names mark its code.
  const holdsRecharts = (chunks: Set<string>) => [...chunks].some((c) => readAsset(c).includes("recharts-wrapper"));

  it("loads recharts with the cap table tab and the market page, never with the first page", () => {
    const assets = assetNames();
    for (const prefix of ["CapTablePanel-", "MarketPage-"]) {
      const chunk = assets.filter((a) => a.startsWith(prefix) && a.endsWith(".js"));
      expect(chunk, prefix).toHaveLength(1);
      expect(holdsRecharts(staticGraph(chunk[0]!)), prefix).toBe(true);
    }
    const firstPage = pageGraph(readPage("index.html"));
    expect(firstPage.size).toBeGreaterThan(0);
    expect(holdsRecharts(firstPage)).toBe(false);
  });
});
