import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { chainNonce, onboardThroughPages, openConsole, useDevAccount } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

const ISSUER = devAccount(0).address;
/** Investor #1 lives in Germany (25 % withheld), investor #2 in France (the default 15 %). */
const GERMAN = devAccount(1).address;
const FRENCH = devAccount(2).address;
const VISIBLE = { state: "visible", timeout: 30_000 } as const;
const HOUR_MS = 3_600_000;

/** A Date as the datetime-local control takes it, in this machine's time zone (the browser's too). */
const localDateTime = (date: Date) => {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

describe.runIf(chromiumAvailable())("an income distribution through the console, declared by the issuer and claimed by an investor", () => {
  let platform: PlatformProcess;
  let page: Page;
  let roundUrl = "";
  const screenshot = screenshots("distribution");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  const fitsPhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const rpc = async (method: string, params: unknown[]) => {
    const response = await fetch(`http://127.0.0.1:${platform.chainPort}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await response.json()) as { result: unknown }).result;
  };
  /** Moves the focus with Tab alone until `target` has it, as a keyboard user does. */
  const tabTo = async (target: Locator) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error("Tab never reached the control");
  };
  const openDistributionsTab = async () => {
    await page.getByRole("link", { name: "Issuer" }).first().click();
    await page.getByRole("link", { name: "Folio Demo Share (FDS)" }).click();
    await page.getByRole("heading", { name: "Folio Demo Share (FDS)" }).waitFor(VISIBLE);
    await page.getByRole("navigation", { name: "Token tasks" }).getByRole("link", { name: "Distributions" }).click();
    await page.getByRole("heading", { name: "Declare a distribution" }).waitFor(VISIBLE);
  };

  const scenario = stepByStepScenario("distribution");
  beforeAll(() => {
    ({ platform, page } = scenario);
  });

  it("onboards two investors through the pages: #1 in Germany and #2 in France", async () => {
    await openConsole(page, platform.webUrl);
    await onboardThroughPages(page, 1, { name: "Greta Vogel", country: "Germany" });
    await onboardThroughPages(page, 2, { name: "Jeanne Moreau", country: "France" });
  }, 300_000);

  it("mints FDS to both investors on the issuer's Mint tab", async () => {
    await page.getByRole("link", { name: "Issuer" }).first().click();
    await page.getByRole("link", { name: "Folio Demo Share (FDS)" }).click();
    const mint = page.getByRole("form", { name: "Mint", exact: true });
    for (const [wallet, amount, supply] of [[GERMAN, "300", "1,000,300 FDS"], [FRENCH, "100", "1,000,400 FDS"]] as const) {
      await mint.getByLabel("Investor wallet").fill(wallet);
      await mint.getByLabel("Amount (FDS)").fill(amount);
      await mint.getByRole("button", { name: "Mint FDS" }).click();
      await page.getByTestId("total-supply").filter({ hasText: supply }).waitFor(VISIBLE);
    }
    await shot("minted");
  });

  it("shows a message next to each bad field of the declaration and sends nothing", async () => {
    await openDistributionsTab();
    await page.getByText("No distribution has been declared for FDS yet.").waitFor(VISIBLE);
    await page.getByTestId("cash-token").filter({ hasText: "FCASH, 6 decimals." }).waitFor(VISIBLE);
    const nonce = await chainNonce(platform.chainPort, ISSUER);
    const form = page.getByRole("form", { name: "Declare a distribution" });
    await form.getByLabel("Total amount (FCASH)").fill("1000.1234567");
    await form.getByLabel("Record date").fill(localDateTime(new Date(Date.now() + 2 * 24 * HOUR_MS)));
    await form.getByLabel("Default rate (%)").fill("120");
    await form.getByRole("button", { name: "Add a country rate" }).click();
    await form.getByLabel("Rate 1 (%)").fill("25.125");
    await form.getByLabel("Excluded wallets (optional)").fill("0x1234");
    await form.getByRole("button", { name: "Compute the entitlements" }).click();
    for (const message of [
      "At most 6 decimals",
      "The record date must be in the past: holders are read from the indexed blocks",
      "A rate is at most 100 %",
      "Choose at least one country, or remove this rate",
      "At most two decimals: rates are kept in basis points (0.01 %)",
      'Entry 1, "0x1234", is not a wallet address (0x followed by 40 hex digits)',
    ]) {
      await form.getByText(message, { exact: true }).waitFor(VISIBLE);
    }
    await form.getByText("Nothing was sent: correct the fields marked above.").waitFor(VISIBLE);
    expect(await form.getByLabel("Default rate (%)").getAttribute("aria-invalid")).toBe("true");
    await shot("declaration-errors");
    await expectAccessible();
    expect(await chainNonce(platform.chainPort, ISSUER)).toBe(nonce);
    expect(await page.getByText("No distribution has been declared for FDS yet.").isVisible()).toBe(true);
  });

  it("declares 1,000 FCASH at the latest indexed block with 15 % withheld by default and 25 % for Germany, and shows the entitlements for review", async () => {
    const form = page.getByRole("form", { name: "Declare a distribution" });
    await form.getByLabel("Total amount (FCASH)").fill("1000");
    await form.getByLabel("At a block").check();
    await form.getByRole("button", { name: "Use the latest indexed block" }).click();
    expect(await form.getByLabel("Record block").inputValue()).toMatch(/^\d+$/);
    await form.getByLabel("Claim deadline").fill(localDateTime(new Date(Date.now() + 2 * HOUR_MS)));
    await form.getByLabel("Default rate (%)").fill("15");
    const countries = form.getByLabel("Countries for rate 1");
    await countries.fill("Germany");
    await countries.press("Enter");
    await form.getByRole("list", { name: "Chosen countries" }).getByText("Germany").waitFor(VISIBLE);
    await form.getByLabel("Rate 1 (%)").fill("25");
    await form.getByLabel("Excluded wallets (optional)").fill("");
    await form.getByTestId("gross-echo").filter({ hasText: "Gross total: 1,000 FCASH." }).waitFor(VISIBLE);
    await form.getByRole("button", { name: "Compute the entitlements" }).click();

    const review = page.getByRole("region", { name: "Entitlements and totals" });
    await review.waitFor(VISIBLE);
    roundUrl = page.url();
    expect(await page.getByTestId("investor-count").textContent()).toBe("2");
    expect(await page.getByTestId("gross-total").textContent()).toBe("1,000 FCASH");
    // Germany: 750 gross, 187.5 withheld (25 %); France: 250 gross, 37.5 withheld (15 %).
    expect(await page.getByTestId("withheld-total").textContent()).toBe("225 FCASH");
    expect(await page.getByTestId("net-total").textContent()).toBe("775 FCASH");
    expect(await page.getByTestId("funding-total").textContent()).toBe("775 FCASH");
    expect(await page.getByTestId("round-status").textContent()).toBe("Declared: not funded yet");
    const rows = page.getByTestId("entitlement-row");
    await rows.first().waitFor(VISIBLE);
    const texts = await rows.allTextContents();
    expect(texts.some((t) => t.includes("300") && t.includes("25 %") && t.includes("750") && t.includes("187.5") && t.includes("562.5"))).toBe(true);
    expect(texts.some((t) => t.includes("100") && t.includes("15 %") && t.includes("250") && t.includes("37.5") && t.includes("212.5"))).toBe(true);
    await page.getByTestId("funding-step").first().waitFor(VISIBLE);
    await shot("declaration-review");
    await expectAccessible();
  });

  it("funds the round by signing the approval and the funding one after the other", async () => {
    const steps = page.getByTestId("funding-step");
    expect(await steps.count()).toBe(2);
    expect(await steps.nth(0).textContent()).toContain("this will allow the Distributor to take 775 FCASH from your wallet (approve)");
    expect(await steps.nth(1).getByRole("button", { name: "Sign step 2" }).isDisabled()).toBe(true);
    await steps.nth(0).getByRole("button", { name: "Sign step 1" }).click();
    await steps.nth(0).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await steps.nth(1).getByRole("button", { name: "Sign step 2" }).click();
    await page.getByTestId("round-status").filter({ hasText: "Open for claims until" }).waitFor(VISIBLE);
    await page.getByTestId("claimed").filter({ hasText: "0 of 2 investors, 0 FCASH" }).waitFor(VISIBLE);
    expect(await page.getByTestId("remaining").textContent()).toBe("775 FCASH");
    await shot("funded");
    await expectAccessible();
  });

  it("investor #1 opens Income and claims the net amount with the keyboard alone, and sees the cash arrive", async () => {
    await useDevAccount(page, 1);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Investor" }).click();
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Income" }).click();
    await page.getByRole("heading", { name: "Income" }).waitFor(VISIBLE);
    const round = page.getByTestId("claimable-round");
    await round.waitFor(VISIBLE);
    expect(await round.textContent()).toContain("Folio Demo Share (FDS)");
    expect(await round.textContent()).toContain("750 FCASH");
    expect(await round.textContent()).toContain("187.5 FCASH (25 %)");
    expect(await round.getByTestId("claim-net").textContent()).toBe("562.5 FCASH");
    await page.getByTestId("cash-balance").filter({ hasText: "0 FCASH" }).waitFor(VISIBLE);
    expect(await round.textContent()).toContain("This will send 562.5 FCASH to your wallet");
    await shot("income-claimable");
    await expectAccessible();
    const claim = round.getByRole("button", { name: "Claim 562.5 FCASH" });
    await tabTo(claim);
    await page.keyboard.press("Enter");
    await page.getByTestId("tx-confirmed").waitFor(VISIBLE);
    await page.getByTestId("cash-balance").filter({ hasText: "562.5 FCASH" }).waitFor(VISIBLE);
    await page.getByText("Claimed: the cash is in your wallet").waitFor(VISIBLE);
    const past = page.getByTestId("past-claim");
    await past.waitFor(VISIBLE);
    expect(await past.textContent()).toContain(GERMAN);
    expect(await past.textContent()).toMatch(/0x[0-9a-f]{64}/);
    await page.getByText("Nothing to claim now.").waitFor(VISIBLE);
    await shot("investor-income");
    await expectAccessible();
  });

  it("fits the Income page, the round's page and the declaration form on a 390 px wide screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("past-claim").waitFor(VISIBLE);
    await fitsPhone();
    await shot("income-390px");
    await useDevAccount(page, 0);
    await page.goto(roundUrl);
    await page.getByRole("region", { name: "Entitlements and totals" }).waitFor(VISIBLE);
    await fitsPhone();
    await shot("round-390px");
    await page.getByRole("link", { name: /All distributions of FDS/ }).click();
    await page.getByRole("heading", { name: "Declare a distribution" }).waitFor(VISIBLE);
    await page.getByTestId("round-row").waitFor(VISIBLE);
    await fitsPhone();
    await shot("distributions-tab-390px");
    await page.goto(roundUrl);
    await page.getByRole("region", { name: "Entitlements and totals" }).waitFor(VISIBLE);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("shows the issuer the claims so far, and why the server may not push payments for this token", async () => {
    await page.getByTestId("claimed").filter({ hasText: "1 of 2 investors, 562.5 FCASH" }).waitFor(VISIBLE);
    expect(await page.getByTestId("unclaimed").textContent()).toBe("212.5 FCASH");
    await page.getByRole("button", { name: "Pay unclaimed investors now" }).click();
    const answer = page.getByTestId("push-answer");
    await answer.waitFor(VISIBLE);
    expect(await answer.textContent()).toContain("is not an agent of token");
    expect(await answer.textContent()).toContain("setAgentPermissions(");
  });

  it("lets the issuer reclaim what is left once the deadline has passed", async () => {
    await rpc("evm_increaseTime", [3 * 3600]);
    await rpc("evm_mine", []);
    await page.getByTestId("round-status").filter({ hasText: "Closed on" }).waitFor(VISIBLE);
    const reclaim = page.getByRole("button", { name: "Reclaim 212.5 FCASH" });
    await reclaim.waitFor(VISIBLE);
    await page.getByText("This will take back the 212.5 FCASH left in the round").waitFor(VISIBLE);
    await reclaim.click();
    await page.getByTestId("tx-confirmed").waitFor(VISIBLE);
    const reclaimed = page.getByTestId("reclaimed");
    await reclaimed.waitFor(VISIBLE);
    expect(await reclaimed.textContent()).toContain(`212.5 FCASH to ${ISSUER}`);
    expect(await page.getByTestId("remaining").textContent()).toBe("0 FCASH");
    await shot("reclaimed");
    await expectAccessible();
  });

  it("lists the round on the Distributions tab", async () => {
    await page.getByRole("link", { name: /All distributions of FDS/ }).click();
    const row = page.getByTestId("round-row");
    await row.waitFor(VISIBLE);
    expect(await row.textContent()).toContain("1,000 FCASH");
    expect(await row.textContent()).toContain("the rest reclaimed");
    expect(await row.textContent()).toContain("1 of 2");
  });

  it("tells an unverified wallet and a holder without entitlements why their Income page is empty", async () => {
    await useDevAccount(page, 3);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Investor" }).click();
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Income" }).click();
    await page.getByText("Income from the tokens you hold appears here once you are a verified investor.").waitFor(VISIBLE);
    await expectAccessible();
    // #0 holds FDS as the issuer's treasury, which every round leaves out.
    await useDevAccount(page, 0);
    await page.getByText("No distribution has been declared for the tokens you held yet.").waitFor(VISIBLE);
    await shot("income-empty");
  });
});
