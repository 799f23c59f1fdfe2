import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../support/browser.ts";
import { devAccount } from "../support/sign-in.ts";
import { processGroupGone, startPlatformProcess, type PlatformProcess } from "../support/start-platform-process.ts";
import { screenshots, seriousViolations, smallPdf } from "../support/console-page.ts";

const INVESTOR = devAccount(1).address;
const OFFICER = devAccount(0).address;
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

// One scenario, step by step, through the pages only: the investor (dev account #1) applies with a document, the
// compliance officer (#0) approves, and the investor sees the approval once the identity registry holds it.
describe.runIf(chromiumAvailable())("an investor onboards with a document and a compliance officer approves, in the browser", () => {
  let platform: PlatformProcess;
  let browser: Browser;
  let page: Page;
  const shot = screenshots("kyc-onboarding");
  const graphqlRequests: string[] = [];

  /** Signs in with the dev wallet's account `index`, as a user picks an account in a wallet. */
  async function useDevAccount(index: number, address: string) {
    await page.getByLabel("Dev account").selectOption(String(index));
    await expect.poll(() => page.getByTestId("wallet-address").textContent()).toContain(short(address));
    await page.getByTestId("session").waitFor();
  }

  async function expectAccessible() {
    expect(await seriousViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    platform = await startPlatformProcess();
    browser = await launchChromium();
    // axe-core needs a page of a context the test created.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
    page.on("request", (r) => void (r.url().endsWith("/graphql") && graphqlRequests.push(r.postData() ?? "")));
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await shot(page, "failed");
  });
  afterAll(async () => {
    await browser?.close();
    if (platform && !processGroupGone(platform.child.pid!)) process.kill(-platform.child.pid!, "SIGKILL");
    platform?.cleanup();
  });

  it("connects the dev wallet, which announces itself like any EIP-6963 wallet, and signs in", async () => {
    await page.goto(platform.webUrl);
    await page.getByTestId("token-row").first().waitFor();
    await shot(page, "tokens-signed-out");
    await expectAccessible();

    // With the keyboard alone: the connect button, then the wallet found through EIP-6963.
    await page.getByRole("button", { name: "Connect wallet" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Dev wallet (local chain)" }).waitFor();
    await shot(page, "wallet-list");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Dev wallet (local chain)");
    await page.keyboard.press("Enter");
    await page.getByTestId("session").waitFor();
    expect(await page.getByTestId("session").textContent()).toContain("admin");
    await expect.poll(() => page.getByRole("navigation", { name: "Main" }).textContent()).toContain("Compliance");
  });

  it("switching to the investor's account signs the officer out and the investor in, and the navigation follows", async () => {
    await useDevAccount(1, INVESTOR);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect.poll(() => nav.textContent()).toBe("TokensInvestorMarketFractions");
    expect(await page.getByTestId("session").textContent()).toBe("Signed in");
    await shot(page, "investor-signed-in");
  });

  it("shows a bad date of birth next to the field and sends nothing", async () => {
    await page.getByRole("link", { name: "Investor" }).click();
    await page.getByRole("heading", { name: "Your details" }).waitFor();
    await expectAccessible();
    await page.getByLabel("Full legal name").fill("Ada Lovelace");
    await page.getByLabel("Date of birth").fill("2015-06-01");
    await page.getByLabel("Street and number").fill("12 St James's Square");
    await page.getByLabel("Postal code").fill("SW1Y 4JH");
    await page.getByLabel("City").fill("London");
    await page.getByLabel("Country of residence").selectOption({ label: "United Kingdom" });
    await page.getByLabel("Nationality").selectOption({ label: "United Kingdom" });
    await page.getByLabel("Tax residence").selectOption({ label: "United Kingdom" });
    await page.getByLabel("Investor category").selectOption("RETAIL");

    const before = graphqlRequests.length;
    await page.getByRole("button", { name: "Save details" }).click();
    const dateOfBirth = page.getByLabel("Date of birth");
    await expect.poll(() => dateOfBirth.getAttribute("aria-invalid")).toBe("true");
    const messageId = (await dateOfBirth.getAttribute("aria-describedby"))!.split(" ").find((id) => id.endsWith("-error"))!;
    expect(await page.locator(`[id="${messageId}"]`).textContent()).toBe("Applicants must be at least 18 years old");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("dateOfBirth");
    expect(graphqlRequests.slice(before).filter((body) => body.includes("SaveKycApplication"))).toEqual([]);
    await shot(page, "bad-date-of-birth");
    await expectAccessible();
  });

  it("saves the corrected details, uploads a PDF and submits the application", async () => {
    await page.getByLabel("Date of birth").fill("1985-12-10");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Details saved.").waitFor();
    expect(await page.getByLabel("Date of birth").getAttribute("aria-invalid")).toBeNull();

    await page.getByLabel("File").setInputFiles({ name: "passport.pdf", mimeType: "application/pdf", buffer: smallPdf("Passport of Ada Lovelace") });
    await page.getByRole("button", { name: "Upload document" }).click();
    await page.getByRole("list", { name: "Uploaded documents" }).getByText("Identity document (passport, ID card): application/pdf").waitFor();
    await shot(page, "details-and-document");

    await page.getByRole("button", { name: "Submit application" }).click();
    await page.getByTestId("kyc-status").getByText("Submitted: waiting for review").waitFor();
    await shot(page, "submitted");
    await expectAccessible();
  });

  it("works at 390 px wide", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("kyc-status").getByText("Submitted: waiting for review").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, "submitted-390px");
    await expectAccessible();
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("the compliance officer finds it in the queue, decrypts the document and approves", async () => {
    await useDevAccount(0, OFFICER);
    await page.getByRole("link", { name: "Compliance" }).click();
    await page.getByRole("heading", { name: "KYC queue" }).waitFor();
    const row = page.getByTestId("kyc-row").filter({ hasText: short(INVESTOR) });
    await row.waitFor();
    await shot(page, "kyc-queue");
    await expectAccessible();

    await row.getByRole("link", { name: "Review" }).click();
    await page.getByText("Ada Lovelace").waitFor();
    await page.getByRole("button", { name: "Decrypt and view" }).click();
    await page.getByTestId("document-link").waitFor();
    const pdf = await page.getByTestId("document-link").evaluate(async (a: HTMLAnchorElement) => (await (await fetch(a.href)).text()).slice(0, 8));
    expect(pdf).toBe("%PDF-1.4");
    expect(await page.getByLabel("Country registered on chain").inputValue()).toBe("GB");
    await page.getByLabel("Valid for (days)").fill("730");
    await shot(page, "review");
    await expectAccessible();

    await page.getByRole("button", { name: "Approve application" }).click();
    await page.getByTestId("kyc-status").getByText("Verified").waitFor({ timeout: 60_000 });
    await shot(page, "approved-by-officer");
  });

  it("the investor sees the approval once the identity registry holds it", async () => {
    await useDevAccount(1, INVESTOR);
    await page.getByRole("link", { name: "Investor" }).click();
    const status = page.getByTestId("kyc-status");
    await status.getByText("Verified").waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toMatch(/You can hold tokens as an investor from United Kingdom, KYC valid until \d{4}-\d{2}-\d{2}\./);
    await shot(page, "investor-verified");
    await expectAccessible();
  });

  it("keeps the wallet connected and the session across a reload", async () => {
    await page.reload();
    await page.getByTestId("kyc-status").getByText("Verified").waitFor();
    expect(await page.getByTestId("wallet-address").textContent()).toContain(short(INVESTOR));
    expect(await page.getByTestId("session").textContent()).toBe("Signed in");
  });

  it("a session the server no longer knows signs out cleanly, and the investor signs in again with the button", async () => {
    await page.context().addCookies([{ name: "folio_session", value: "not-a-session", url: platform.webUrl }]);
    await page.reload();
    await page.getByRole("alert").getByText("Your session is no longer valid; sign in again.").waitFor();
    await page.getByRole("heading", { name: "Sign in to continue" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).textContent()).toBe("Tokens");
    await shot(page, "session-invalid");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("kyc-status").getByText("Verified").waitFor();
    expect(await page.getByTestId("session").textContent()).toBe("Signed in");
  });
});
