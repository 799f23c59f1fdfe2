import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter, Outlet, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../web/src/api/graphql.ts";
import { CapTablePanel } from "../../../web/src/issuer/CapTablePanel.tsx";
import type { CapTablePage, CapTableSummary } from "../../../web/src/issuer/cap-table/cap-table-queries.ts";
import type { IssuerToken } from "../../../web/src/issuer/lib/issuer-queries.ts";

const TOKEN = "0x75537828f2ce51be7289709686A69CbFDbB714F1" as const;
const INVESTOR = `0x${"ab".repeat(32)}`;
const WALLETS = ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"] as const;
const token = { address: TOKEN, name: "Folio Demo Share", symbol: "FDS", decimals: 18 } as unknown as IssuerToken;

const summary = (over: Partial<CapTableSummary> = {}): CapTableSummary => ({
  atBlock: 42, blockTime: String(Date.UTC(2026, 11, 2, 7, 20, 15) / 1000), decimals: 18, symbol: "FDS",
  totalSupply: "4000000000000000000", holderCount: 1, csvPath: `/tokens/${TOKEN}/cap-table.csv?atBlock=42`,
  topHolders: [{ investorId: INVESTOR, wallet: null, countryCode: "DE", balance: "1000000000000000000" }],
  countries: [{ country: 276, countryCode: "DE", holders: 1, balance: "1000000000000000000" }],
  ...over,
});

const page: CapTablePage = {
  edges: [{ node: { investorId: INVESTOR, countryCode: "DE", balance: "1000000000000000000", wallets: [
    { address: WALLETS[0], balance: "750000000000000000" }, { address: WALLETS[1], balance: "250000000000000000" },
  ] } }],
  pageInfo: { hasNextPage: false, endCursor: null },
};

/** The tab as the token page renders it, with what the server answered already in the query cache. */
function render(cache: { summary?: CapTableSummary; page?: CapTablePage; error?: Error }) {
  // No retry on mount: a cached error is rendered as the page would show it after its request failed.
  const client = new QueryClient({ defaultOptions: { queries: { retryOnMount: false } } });
  if (cache.error) {
    const query = client.getQueryCache().build(client, { queryKey: ["cap-table", TOKEN, "latest"] });
    query.setState({ ...query.state, status: "error", error: cache.error, fetchStatus: "idle" });
  }
  if (cache.summary) client.setQueryData(["cap-table", TOKEN, "latest"], cache.summary);
  if (cache.page) client.setQueryData(["cap-table-page", TOKEN, 42, null], cache.page);
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <Routes>
          <Route element={<Outlet context={{ token }} />}>
            <Route index element={<CapTablePanel />} />
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("CapTablePanel", () => {
  it("shows loading until the server answers, with the record date picker already there", () => {
    const html = render({});
    expect(html).toContain("Loading the cap table…");
    expect(html).toMatch(/<label for="[^"]+">Record date and time \(UTC\)<\/label>/);
    expect(html).toContain("The latest indexed block (updates live)");
  });

  it("shows the block, the CSV link and each investor with their wallets, balances in token units and share", () => {
    const html = render({ summary: summary(), page });
    expect(html).toContain("Latest: block <strong>42</strong>");
    expect(html).toContain("2026-12-02 07:20:15 UTC");
    expect(html).toContain(`href="/tokens/${TOKEN}/cap-table.csv?atBlock=42" download=""`);
    expect(html).toContain(`<code>${INVESTOR}</code>`);
    expect(html).toContain("Germany");
    for (const w of WALLETS) expect(html).toContain(`<code>${w}</code>`);
    expect(html).toContain("(0.75)");
    expect(html).toContain("25.00\u00a0%");
    expect(html).toContain("Page 1 of 1");
  });

  it("gives both charts a title, a text summary and the same numbers as a table", () => {
    const html = render({ summary: summary(), page });
    expect(html).toContain("<figcaption");
    expect(html).toContain("Top 1 holders");
    expect(html).toContain(`aria-label="Bar chart, Top 1 holders: 0xabab…abab 25.00\u00a0%."`);
    expect(html).toContain(`aria-label="Bar chart, Holdings by country: Germany 25.00\u00a0%."`);
    expect(html).toContain('<table aria-label="Top holders">');
    expect(html).toContain('<table aria-label="Holdings by country">');
  });

  it("says so when nobody holds the token at that block", () => {
    const html = render({ summary: summary({ holderCount: 0, topHolders: [], countries: [] }) });
    expect(html).toContain("Nobody holds FDS at block 42.");
    expect(html).not.toContain("<figure");
  });

  it("shows the server's error with a retry, and a record-date refusal next to the date field", () => {
    const failed = render({ error: new ApiError("Database unavailable", "INTERNAL_SERVER_ERROR") });
    expect(failed).toContain('role="alert"');
    expect(failed).toContain("Could not load the cap table.");
    expect(failed).toContain("Database unavailable");
    expect(failed).toContain("Try again");
    const early = render({ error: new ApiError("Record time 0 is before the platform was deployed (block 1)", "CAP_TABLE_DATE_TOO_EARLY") });
    expect(early).toMatch(/<p id="[^"]+-error" class="field-error">Record time 0 is before the platform was deployed \(block 1\)<\/p>/);
    expect(early).not.toContain("Could not load the cap table.");
  });
});
