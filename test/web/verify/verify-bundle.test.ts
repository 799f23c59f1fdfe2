import { describe, expect, it } from "vitest";
import { gzipBytes, pageGraph, readAsset, readPage, webBuilt } from "../support/built-web.ts";

/**
 * What a visitor from a QR label downloads before the page can run, gzip-compressed: React and react-dom (~58 kB),
 * TanStack Query, the GraphQL client and the page itself came to ~92 kB when this was set. A chain client or the
 * console's code would take it well past.
 */
const VERIFY_PAGE_GZIP_BUDGET = 100_000;

/** Strings that mark code the verification page must not load, each found in the console's first page. */
const CONSOLE_ONLY = {
  wagmi: "@wagmi/core@",
  "the router": "RouterProvider",
  "the console's layout": "regulated digital assets",
  "the console's sign-in": "Sign in to Folio",
  "a chain client (viem's errors)": "viem@",
};

const holds = (chunks: Set<string>, marker: string) => [...chunks].some((c) => readAsset(c).includes(marker));

// `npm run build` runs before the tests (npm test); run it first when calling vitest directly.
describe.runIf(webBuilt)("the built verification page (web/verify.html)", () => {
  const html = webBuilt ? readPage("verify.html") : "";
  const verifyPage = webBuilt ? pageGraph(html) : new Set<string>();

  it("loads neither wagmi, the router, the console's shell nor a chain client", () => {
    const consolePage = pageGraph(readPage("index.html"));
    for (const [what, marker] of Object.entries(CONSOLE_ONLY)) {
      expect(holds(consolePage, marker), `the console's first page holds ${what}`).toBe(true);
      expect(holds(verifyPage, marker), `the verification page holds ${what}`).toBe(false);
    }
    expect([...verifyPage].some((c) => readAsset(c).includes("verification-summary")), "the page's own code").toBe(true);
  });

  it(`stays under ${VERIFY_PAGE_GZIP_BUDGET / 1000} kB of script, gzip-compressed`, () => {
    expect(gzipBytes(verifyPage)).toBeLessThan(VERIFY_PAGE_GZIP_BUDGET);
  });

  it("shows the page's frame and its pending state in the HTML itself, before any script runs", () => {
    const root = /<div id="root">(.*)<\/div>\s*$/m.exec(html)?.[1] ?? "";
    expect(root).toContain("certificate verification");
    expect(root).toContain('role="status">Checking the certificate…');
  });
});
