import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { onboardThroughPages, openConsole } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

const INVESTOR = devAccount(1).address;
const VISIBLE = { state: "visible", timeout: 30_000 } as const;
const DOCS_SCREENSHOT = path.resolve(import.meta.dirname, "../../docs/console/cap-table.png");

// Through the pages only: #1 onboards, the issuer (#0) mints FDS to them on the Mint tab, then the Cap table tab shows
// them in the table, in both charts and in the CSV the server streams; a record date before the mint shows the older
// cap table without them.
describe.runIf(chromiumAvailable())("the issuer's cap table in a real browser", () => {
  let platform: PlatformProcess;
  let page: Page;
  const screenshot = screenshots("cap-table");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  /** The block time the cap table showed before the mint, as the record-date field takes it. */
  let beforeMint = "";
  let beforeMintBlock = 0;
  let investorId = "";

  const scenario = stepByStepScenario("cap-table", { defaultTimeout: 20_000, acceptDownloads: true });
  beforeAll(() => {
    ({ platform, page } = scenario);
  });

  const capTableTab = () => page.getByRole("navigation", { name: "Token tasks" }).getByRole("link", { name: "Cap table" });
  const status = () => page.getByTestId("cap-table-at");

  it("onboards investor #1 through the pages", async () => {
    await openConsole(page, platform.webUrl);
    await onboardThroughPages(page, 1, { name: "Grace Hopper", country: "Germany" });
  }, 180_000);

  it("opens the demo token's cap table before any mint to #1: the treasury only", async () => {
    await page.getByRole("link", { name: "Issuer", exact: true }).click();
    await page.getByRole("link", { name: "Folio Demo Share (FDS)" }).click();
    await capTableTab().click();
    await page.getByRole("heading", { name: "Cap table", exact: true }).waitFor(VISIBLE);
    await status().filter({ hasText: /Latest: block \d+/ }).waitFor(VISIBLE);
    await page.getByTestId("cap-table-row").first().waitFor(VISIBLE);
    expect(await page.getByTestId("cap-table").textContent()).not.toContain(INVESTOR);
    beforeMintBlock = Number(/block (\d+)/.exec((await status().textContent())!)![1]);
    beforeMint = (await page.getByTestId("cap-table-time").textContent())!.replace(" UTC", "").replace(" ", "T");
    await shot("before-mint");
    await expectAccessible();
  });

  it("mints 1,234.5 FDS to #1 on the Mint tab", async () => {
    // A later second than the cap table's block, so the record date above stays before the mint.
    await page.waitForTimeout(1_100);
    await page.getByRole("navigation", { name: "Token tasks" }).getByRole("link", { name: "Mint" }).click();
    const mint = page.getByRole("form", { name: "Mint", exact: true });
    await mint.getByLabel("Investor wallet").fill(INVESTOR);
    await mint.getByLabel("Amount (FDS)").fill("1234.5");
    await mint.getByRole("button", { name: "Mint FDS" }).click();
    await page.getByRole("region", { name: "Mint", exact: true }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await shot("minted");
  });

  it("shows #1 in the table, in the top-holders chart and in the country chart without a reload", async () => {
    await capTableTab().click();
    const row = page.getByTestId("cap-table-row").filter({ hasText: INVESTOR });
    await row.waitFor(VISIBLE);
    expect(await row.textContent()).toContain("Germany");
    expect(await row.textContent()).toContain("1,234.5");
    investorId = (await row.locator("td").first().textContent())!.trim();
    expect(investorId).toMatch(/^0x[0-9a-f]{64}$/);
    const shortId = `${investorId.slice(0, 6)}…${investorId.slice(-4)}`;

    const top = page.getByTestId("top-holders-chart");
    await top.locator("svg").getByText(shortId).waitFor(VISIBLE);
    expect(await top.getByRole("img", { name: /^Bar chart/ }).getAttribute("aria-label")).toContain(shortId);
    const countries = page.getByTestId("countries-chart");
    await countries.locator("svg").getByText("Germany").waitFor(VISIBLE);
    // The charts' text alternative: the same numbers as tables.
    await countries.getByText("Holdings by country as a table").click();
    const germany = countries.getByRole("table", { name: "Holdings by country" }).getByRole("row").filter({ hasText: "Germany" });
    expect(await germany.textContent()).toContain("1,234.5 FDS");
    await shot("after-mint");
    await page.getByRole("region", { name: "Cap table", exact: true }).screenshot({ path: DOCS_SCREENSHOT });
    expect(fs.statSync(DOCS_SCREENSHOT).size).toBeGreaterThan(10_000);
    await expectAccessible();
  });

  it("downloads the CSV the server streams, with #1's row", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("cap-table-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/^cap-table-FDS-block-\d+\.csv$/);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("investor_id,country,wallets,balance,share_of_supply");
    const mine = lines.filter((l) => l.startsWith(`${investorId},`));
    expect(mine).toHaveLength(1);
    const [, country, wallets, balance] = mine[0]!.split(",");
    expect({ country, wallets, balance }).toEqual({ country: "DE", wallets: INVESTOR, balance: "1234.5" });
  });

  it("shows the older cap table at a record date before the mint, and a clear message for a bad date", async () => {
    await page.getByLabel("A record date").check();
    await page.getByRole("button", { name: "Show cap table" }).click();
    await page.getByText("Pick the record date and time (UTC)").waitFor(VISIBLE);

    await page.getByLabel("Record date and time (UTC)").fill(beforeMint);
    await page.getByRole("button", { name: "Show cap table" }).click();
    await status().filter({ hasText: "Record date: block" }).waitFor(VISIBLE);
    const block = Number(/block (\d+)/.exec((await status().textContent())!)![1]);
    expect(block).toBeGreaterThanOrEqual(beforeMintBlock);
    const table = page.getByRole("table", { name: new RegExp(`^Cap table at block ${block},`) });
    await table.getByTestId("cap-table-row").first().waitFor(VISIBLE);
    expect(await table.textContent()).not.toContain(INVESTOR);
    expect(await page.getByTestId("cap-table-csv").getAttribute("href")).toContain(`atBlock=${block}`);
    await shot("record-date-before-mint");
    await expectAccessible();
  });

  it("works with the keyboard alone: back to the latest cap table, then the CSV link", async () => {
    await page.getByLabel("The latest indexed block (updates live)").focus();
    await page.keyboard.press("Space");
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Tab");
      if (await page.getByRole("button", { name: "Show cap table" }).evaluate((b) => b === document.activeElement)) break;
    }
    await page.keyboard.press("Enter");
    await status().filter({ hasText: "Latest: block" }).waitFor(VISIBLE);
    await page.getByTestId("cap-table-row").filter({ hasText: INVESTOR }).waitFor(VISIBLE);
    await page.keyboard.press("Tab");
    expect(await page.getByTestId("cap-table-csv").evaluate((a) => a === document.activeElement)).toBe(true);
    await shot("keyboard");
  });

  it("fits a 390 px wide screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("cap-table-row").filter({ hasText: INVESTOR }).waitFor(VISIBLE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("390px");
    await expectAccessible();
  });
});
