import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { screenshots, seriousViolations, smallPdf } from "../support/console-page.ts";
import { stepByStepScenario } from "./support/scenario.ts";

/** Dev account #0: deployer, issuer and admin, and the demo treasury investor (verified, France) on a fresh chain. */
const ISSUER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
/** Dev account #5: no KYC, so no token may be minted to it. */
const UNVERIFIED = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const PROSPECTUS = smallPdf("Acme Harbour Fund: prospectus, version 1");
const VISIBLE = { state: "visible", timeout: 30_000 } as const;

describe.runIf(chromiumAvailable())("the issuer console in a real browser", () => {
  let platform: PlatformProcess;
  let page: Page;
  const screenshot = screenshots("issuer-console");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  /** The issuer's nonce on the local chain: unchanged means no transaction was sent. */
  const issuerNonce = async () => {
    const response = await fetch(`http://127.0.0.1:${platform.chainPort}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionCount", params: [ISSUER, "latest"] }),
    });
    return Number(((await response.json()) as { result: string }).result);
  };

  const scenario = stepByStepScenario("issuer-console");
  beforeAll(() => {
    ({ platform, page } = scenario);
  });

  it("dev account #0 connects the dev wallet and signs in", async () => {
    await page.goto(`${platform.webUrl}/issuer/issue`);
    // On the local chain the dev wallet connects and signs in by itself; any other state offers "Connect wallet".
    const connect = page.getByRole("button", { name: "Connect wallet" });
    const session = page.getByTestId("session");
    await session.or(connect).first().waitFor(VISIBLE);
    if (await connect.isVisible()) {
      await connect.click();
      await page.getByRole("button", { name: /Dev wallet/ }).click();
    }
    await page.getByTestId("session").filter({ hasText: "Signed in" }).waitFor(VISIBLE);
    await page.getByRole("heading", { name: "Issue a token" }).waitFor(VISIBLE);
    await shot("signed-in-issue-form");
    await expectAccessible();
  });

  it("shows a clear message next to a bad field and sends nothing", async () => {
    const nonce = await issuerNonce();
    await page.getByLabel("Decimals").fill("19");
    await page.getByRole("button", { name: "Review the transaction" }).click();
    await page.getByText("Enter the token's name").waitFor(VISIBLE);
    await page.getByText("Enter a whole number from 0 to 18").waitFor(VISIBLE);
    expect(await page.getByRole("heading", { name: "What the transaction will do" }).count()).toBe(0);
    await shot("form-errors");
    expect(await issuerNonce()).toBe(nonce);
  });

  it("fills the guided form: an allow-list by country name and a document hashed in the browser", async () => {
    await page.getByLabel("Name", { exact: true }).fill("Acme Harbour Fund");
    await page.getByLabel("Symbol").fill("ahf");
    await page.getByLabel("Decimals").fill("6");
    await page.getByLabel(/Only investors from the countries listed/).check();
    const country = page.getByLabel("Countries that may hold it");
    await country.fill("France");
    await country.press("Enter");
    await page.getByRole("list", { name: "Chosen countries" }).getByText("France").waitFor(VISIBLE);
    await page.getByLabel("Maximum number of investors").fill("100");
    await page.getByLabel(/Maximum balance per investor/).fill("1000000");
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Document 1 name").fill("Prospectus");
    await page.getByLabel("Document 1 URI").fill("https://acme.example/prospectus.pdf");
    await page.getByLabel("Document 1 file").setInputFiles({ name: "prospectus.pdf", mimeType: "application/pdf", buffer: PROSPECTUS });
    const expected = `0x${createHash("sha256").update(PROSPECTUS).digest("hex")}`;
    await page.getByTestId("document-hash").filter({ hasText: expected }).waitFor(VISIBLE);
    await shot("form-filled");
  });

  it("shows what the transaction will do before the wallet opens, then issues the token", async () => {
    await page.getByRole("button", { name: "Review the transaction" }).click();
    const review = page.getByRole("region", { name: "What the transaction will do" });
    await review.waitFor(VISIBLE);
    expect(await review.textContent()).toContain("Only investors in France may hold it");
    expect(await review.textContent()).toContain("Acme Harbour Fund (AHF), 6 decimals");
    await shot("review");
    await expectAccessible();
    await page.getByRole("button", { name: "Sign and issue AHF" }).click();
    const confirmed = page.getByTestId("tx-confirmed");
    await confirmed.waitFor(VISIBLE);
    expect(await confirmed.textContent()).toMatch(/Confirmed in block \d+/);
    await shot("issued");
  });

  it("opens the new token, which the server has indexed with its rules", async () => {
    await page.getByRole("link", { name: "Open AHF to mint" }).click();
    await page.getByRole("heading", { name: "Acme Harbour Fund (AHF)" }).waitFor(VISIBLE);
    await page.getByText("Only France").waitFor(VISIBLE);
    await shot("token-page");
    await expectAccessible();
  });

  it("shows the token's reason instead of opening the wallet for a mint to an unverified wallet", async () => {
    const nonce = await issuerNonce();
    const mint = page.getByRole("form", { name: "Mint", exact: true });
    await mint.getByLabel("Investor wallet").fill(UNVERIFIED);
    await mint.getByLabel("Amount (AHF)").fill("10");
    await mint.getByRole("button", { name: "Mint AHF" }).click();
    const refusal = page.getByTestId("restriction");
    await refusal.waitFor(VISIBLE);
    expect(await refusal.textContent()).toContain("Recipient is not a verified investor");
    expect(await refusal.textContent()).toContain("your wallet was not opened");
    expect(await issuerNonce()).toBe(nonce);
    await shot("mint-refused");
  });

  it("mints to a verified investor and shows the new supply without a reload", async () => {
    const mint = page.getByRole("form", { name: "Mint", exact: true });
    await mint.getByLabel("Investor wallet").fill(ISSUER);
    await mint.getByLabel("Amount (AHF)").fill("250.5");
    await mint.getByTestId("mint-preview").filter({ hasText: `This will mint 250.5 AHF to ${ISSUER}, with mint.` }).waitFor(VISIBLE);
    await mint.getByRole("button", { name: "Mint AHF" }).click();
    await page.getByRole("region", { name: "Mint", exact: true }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await page.getByTestId("total-supply").filter({ hasText: "250.5 AHF" }).waitFor(VISIBLE);
    await shot("minted");
  });

  it("previews a batch-mint CSV with per-line errors and sends nothing while a line is bad", async () => {
    const csv = `wallet,amount\n${ISSUER},5\n${ISSUER.toLowerCase()},1.1234567\n`;
    await page.getByLabel("CSV file").setInputFiles({ name: "mint.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const preview = page.getByRole("table", { name: "Batch mint preview" });
    await preview.waitFor(VISIBLE);
    expect(await preview.textContent()).toContain("Line 3: this wallet is already on line 2");
    expect(await preview.textContent()).toContain("Line 3: At most 6 decimals");
    expect(await preview.textContent()).toContain("At most 6 decimals");
    expect(await page.getByRole("button", { name: /Mint to \d+ wallets/ }).isDisabled()).toBe(true);
    await shot("batch-mint-errors");
    await expectAccessible();
  });

  it("sends a good batch-mint CSV in one transaction", async () => {
    const csv = `wallet,amount\n${ISSUER},10\n`;
    await page.getByLabel("CSV file").setInputFiles({ name: "mint-good.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByText("1 wallet, 10 AHF in total").waitFor(VISIBLE);
    await page.getByRole("button", { name: "Mint to 1 wallet", exact: true }).click();
    await page.getByRole("region", { name: "Batch mint (CSV)" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await page.getByTestId("total-supply").filter({ hasText: "260.5 AHF" }).waitFor(VISIBLE);
    await shot("batch-minted");
  });

  it("mints under a lock-up until a chosen day", async () => {
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    const mint = page.getByRole("form", { name: "Mint", exact: true });
    await mint.getByLabel("Investor wallet").fill(ISSUER);
    await mint.getByLabel("Amount (AHF)").fill("10");
    await mint.getByLabel("Locked until (optional)").fill(nextYear);
    await mint.getByTestId("mint-preview").filter({ hasText: `locked until ${nextYear} (UTC), with mintLocked.` }).waitFor(VISIBLE);
    await mint.getByRole("button", { name: "Mint AHF" }).click();
    await page.getByTestId("total-supply").filter({ hasText: "270.5 AHF" }).waitFor(VISIBLE);
    await page.getByRole("region", { name: "Mint", exact: true }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await shot("minted-locked");
  });

  it("lists the issuer's tokens", async () => {
    await page.getByRole("link", { name: "Issuer" }).first().click();
    await page.getByRole("link", { name: "Acme Harbour Fund (AHF)" }).waitFor(VISIBLE);
    await shot("issuer-tokens");
    await expectAccessible();
  });

  it("fits a 390 px wide screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [url, heading] of [["/issuer", "Your tokens"], ["/issuer/issue", "Issue a token"]] as const) {
      await page.goto(`${platform.webUrl}${url}`);
      await page.getByRole("heading", { name: heading }).waitFor(VISIBLE);
      await page.getByTestId("session").waitFor(VISIBLE);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await page.getByRole("link", { name: "Issuer" }).first().click();
    await page.getByRole("link", { name: "Acme Harbour Fund (AHF)" }).click();
    await page.getByRole("heading", { name: "Acme Harbour Fund (AHF)" }).waitFor(VISIBLE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("token-page-390px");
  });
});
