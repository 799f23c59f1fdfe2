import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations, smallPdf } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { chainNonce, openConsole, shortAddress, useDevAccount } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

const OFFICER = devAccount(0).address;
const INVESTOR = devAccount(2).address;
const SECOND_WALLET = devAccount(3).address;
/** Dev account #6: never verified, so the token refuses to send to it. */
const UNVERIFIED = devAccount(6).address;
const VISIBLE = { state: "visible", timeout: 60_000 } as const;
const REASON = "The passport scan is unreadable: upload a sharper copy";
const RELEASE_DAY = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const PORTFOLIO_PNG = path.resolve(import.meta.dirname, "../../docs/console/portfolio.png");

// One scenario through the pages only: investor #2 applies, the officer (#0) requests a correction, #2 corrects and
// submits again, #0 approves and mints FDS to #2 (part under lock-up); #2 reads the portfolio, is refused a transfer
// to an unverified wallet without the wallet opening, transfers to #0, and links dev account #3 by signing.
describe.runIf(chromiumAvailable())("an investor's portfolio, transfers, resubmission and wallet linking in the browser", () => {
  let platform: PlatformProcess;
  let page: Page;
  const screenshot = screenshots("investor-portfolio");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  const investorNonce = () => chainNonce(platform.chainPort, INVESTOR);
  const fds = () => page.getByTestId("holding").filter({ has: page.getByRole("heading", { name: "Folio Demo Share (FDS)" }) });
  const transferForm = () => page.getByRole("form", { name: "Transfer FDS" });

  /** Opens the compliance review of investor #2's application, as the officer (#0). */
  async function openReview() {
    await useDevAccount(page, 0);
    await page.getByRole("link", { name: "Compliance" }).click();
    await page.getByRole("heading", { name: "KYC queue" }).waitFor(VISIBLE);
    await page.getByTestId("kyc-row").filter({ hasText: shortAddress(INVESTOR) }).getByRole("link", { name: "Review" }).click();
    await page.getByRole("heading", { name: "KYC application" }).waitFor(VISIBLE);
  }

  /** Clicks a button whose transaction ends in `region`'s confirmation, waiting for a new block number there. */
  async function confirmIn(region: ReturnType<Page["getByRole"]>, click: () => Promise<void>): Promise<string> {
    const confirmed = region.getByTestId("tx-confirmed");
    const before = (await confirmed.count()) ? await confirmed.textContent() : null;
    await click();
    await expect.poll(async () => ((await confirmed.count()) ? await confirmed.textContent() : null), { timeout: 60_000 }).not.toBe(before);
    await confirmed.waitFor(VISIBLE);
    const text = (await confirmed.textContent())!;
    expect(text).toMatch(/Confirmed in block \d+/);
    return text;
  }

  const scenario = stepByStepScenario("investor-portfolio", { defaultTimeout: 30_000 });
  beforeAll(async () => {
    ({ platform, page } = scenario);
    await openConsole(page, platform.webUrl);
  });

  it("investor #2 applies with a document", async () => {
    await useDevAccount(page, 2);
    await page.getByRole("link", { name: "Investor" }).click();
    await page.getByRole("heading", { name: "Your details" }).waitFor(VISIBLE);
    await page.getByLabel("Full legal name").fill("Grace Hopper");
    await page.getByLabel("Date of birth").fill("1976-12-09");
    await page.getByLabel("Street and number").fill("4 Quai de la Tournelle");
    await page.getByLabel("Postal code").fill("75005");
    await page.getByLabel("City").fill("Paris");
    for (const label of ["Country of residence", "Nationality", "Tax residence"]) await page.getByLabel(label).selectOption({ label: "France" });
    await page.getByLabel("Investor category").selectOption("RETAIL");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Details saved.").waitFor(VISIBLE);
    await page.getByLabel("File").setInputFiles({ name: "passport.pdf", mimeType: "application/pdf", buffer: smallPdf("Passport of Grace Hopper (blurred)") });
    await page.getByRole("button", { name: "Upload document" }).click();
    await page.getByRole("list", { name: "Uploaded documents" }).getByText(/application\/pdf/).waitFor(VISIBLE);
    await page.getByRole("button", { name: "Submit application" }).click();
    await page.getByTestId("kyc-status").getByText("Submitted: waiting for review").waitFor(VISIBLE);
    await shot("applied");
  });

  it("the officer (#0) rejects the application with a reason", async () => {
    await openReview();
    await page.getByText("Grace Hopper").first().waitFor(VISIBLE);
    await page.getByLabel("Reason (the applicant sees it)").fill(REASON);
    await page.getByRole("button", { name: "Reject application" }).click();
    await page.getByTestId("kyc-status").getByText("Changes requested").waitFor(VISIBLE);
    await shot("rejected-by-officer");
  });

  it("investor #2 sees the reason and the form prefilled for correction", async () => {
    await useDevAccount(page, 2);
    await page.getByRole("link", { name: "Investor" }).click();
    const status = page.getByTestId("kyc-status");
    await status.getByText("Changes requested").waitFor(VISIBLE);
    expect(await status.textContent()).toContain(`Reason: ${REASON}`);
    expect(await page.getByLabel("Full legal name").inputValue()).toBe("Grace Hopper");
    expect(await page.getByLabel("City").inputValue()).toBe("Paris");
    expect(await page.getByLabel("Country of residence").inputValue()).toBe("FR");
    await shot("correction-requested");
    await expectAccessible();
  });

  it("#2's portfolio is empty before any token reaches it", async () => {
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Portfolio" }).click();
    await page.getByText("You hold no tokens yet.").waitFor(VISIBLE);
    await shot("portfolio-empty");
    await expectAccessible();
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Onboarding" }).click();
    await page.getByRole("heading", { name: "Your details" }).waitFor(VISIBLE);
  });

  it("investor #2 corrects the application and submits it again; the status follows", async () => {
    await page.getByLabel("Street and number").fill("5 Quai de la Tournelle");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Details saved.").waitFor(VISIBLE);
    // Saved again as a draft: the officer's reason stays on screen until the application is submitted again.
    await page.getByTestId("kyc-status").getByText("Changes requested: correcting").waitFor(VISIBLE);
    expect(await page.getByTestId("kyc-status").textContent()).toContain(REASON);
    await page.getByLabel("File").setInputFiles({ name: "passport-sharp.pdf", mimeType: "application/pdf", buffer: smallPdf("Passport of Grace Hopper") });
    await page.getByRole("button", { name: "Upload document" }).click();
    const documents = page.getByRole("list", { name: "Uploaded documents" }).getByRole("listitem");
    await expect.poll(() => documents.count()).toBe(2);
    // The blurred scan goes; the sharp one stays.
    await page.getByRole("button", { name: "Remove document 1 (Identity document (passport, ID card))" }).click();
    await expect.poll(() => documents.count()).toBe(1);
    await page.getByRole("heading", { name: "Submit again" }).waitFor(VISIBLE);
    await page.getByRole("button", { name: "Submit application" }).click();
    await page.getByTestId("kyc-status").getByText("Submitted: waiting for review").waitFor(VISIBLE);
    await shot("resubmitted");
  });

  it("the officer approves the corrected application", async () => {
    await openReview();
    await page.getByText("5 Quai de la Tournelle").first().waitFor(VISIBLE);
    await page.getByLabel("Valid for (days)").fill("730");
    await page.getByRole("button", { name: "Approve application" }).click();
    await page.getByTestId("kyc-status").getByText("Verified").waitFor(VISIBLE);
    await shot("approved");
  });

  it("the issuer (#0) mints FDS to #2 under a lock-up and without one, on the token's Mint tab", async () => {
    await page.getByRole("link", { name: "Issuer" }).first().click();
    await page.getByRole("link", { name: "Folio Demo Share (FDS)" }).click();
    const mint = page.getByRole("form", { name: "Mint", exact: true });
    const region = page.getByRole("region", { name: "Mint", exact: true });
    await mint.getByLabel("Investor wallet").fill(INVESTOR);
    await mint.getByLabel("Amount (FDS)").fill("100");
    await mint.getByLabel("Locked until (optional)").fill(RELEASE_DAY);
    await mint.getByTestId("mint-preview").filter({ hasText: `locked until ${RELEASE_DAY} (UTC), with mintLocked.` }).waitFor(VISIBLE);
    await confirmIn(region, () => mint.getByRole("button", { name: "Mint FDS" }).click());
    await mint.getByLabel("Amount (FDS)").fill("250.5");
    await mint.getByLabel("Locked until (optional)").fill("");
    await mint.getByTestId("mint-preview").filter({ hasText: "with mint." }).waitFor(VISIBLE);
    await confirmIn(region, () => mint.getByRole("button", { name: "Mint FDS" }).click());
    await shot("minted-to-investor");
  });

  it("#2's portfolio shows the balance, the locked amount with its release date and what is free to move", async () => {
    await useDevAccount(page, 2);
    await page.getByRole("link", { name: "Investor" }).click();
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Portfolio" }).click();
    await page.getByRole("heading", { name: "Portfolio" }).waitFor(VISIBLE);
    await fds().waitFor(VISIBLE);
    expect(await fds().getByTestId("balance").textContent()).toBe("350.5 FDS");
    expect(await fds().getByTestId("locked").textContent()).toBe("100 FDS");
    expect(await fds().getByTestId("frozen").textContent()).toBe("0 FDS");
    expect(await fds().getByTestId("free").textContent()).toBe("250.5 FDS");
    expect(await fds().getByTestId("releases").textContent()).toBe(`100 FDS locked until ${RELEASE_DAY}`);
    expect(await fds().getByTestId("market-value").textContent()).toContain("not available yet");
    await shot("portfolio");
    fs.mkdirSync(path.dirname(PORTFOLIO_PNG), { recursive: true });
    await page.screenshot({ path: PORTFOLIO_PNG });
    await expectAccessible();
  });

  it("a bad transfer form shows the message next to each field and sends nothing", async () => {
    const nonce = await investorNonce();
    await transferForm().getByLabel("Recipient wallet").fill("0x1234");
    await transferForm().getByLabel("Amount (FDS)").fill("1.0000000000000000001");
    await transferForm().getByRole("button", { name: "Send FDS" }).click();
    await transferForm().getByText("Enter a wallet address: 0x followed by 40 hex digits").waitFor(VISIBLE);
    await transferForm().getByText("At most 18 decimals").waitFor(VISIBLE);
    expect(await investorNonce()).toBe(nonce);
    await shot("transfer-form-errors");
  });

  it("a transfer to unverified #6 shows the token's reason, opens no wallet and sends nothing", async () => {
    const nonce = await investorNonce();
    await transferForm().getByLabel("Recipient wallet").fill(UNVERIFIED);
    await transferForm().getByLabel("Amount (FDS)").fill("10");
    await fds().getByText(`This will transfer 10 FDS from ${shortAddress(INVESTOR)} to ${UNVERIFIED}.`).waitFor(VISIBLE);
    await transferForm().getByRole("button", { name: "Send FDS" }).click();
    const refusal = fds().getByTestId("restriction");
    await refusal.waitFor(VISIBLE);
    expect(await refusal.textContent()).toContain("Recipient is not a verified investor");
    expect(await refusal.textContent()).toContain("your wallet was not opened");
    expect(await page.getByText("Confirm the transaction in your wallet").count()).toBe(0);
    expect(await investorNonce()).toBe(nonce);
    await shot("transfer-refused-unverified");
  });

  it("a transfer that reaches into the locked tokens shows the lock-up as the reason and sends nothing", async () => {
    const nonce = await investorNonce();
    await transferForm().getByLabel("Recipient wallet").fill(OFFICER);
    await transferForm().getByLabel("Amount (FDS)").fill("300");
    await transferForm().getByRole("button", { name: "Send FDS" }).click();
    await fds().getByTestId("restriction").filter({ hasText: "Amount includes tokens still under lock-up" }).waitFor(VISIBLE);
    expect(await investorNonce()).toBe(nonce);
    await shot("transfer-refused-locked");
  });

  it("#2 transfers to #0 with the keyboard alone and sees it confirmed in its block", async () => {
    const nonce = await investorNonce();
    const recipient = transferForm().getByLabel("Recipient wallet");
    await recipient.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(OFFICER);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("inputmode"))).toBe("decimal");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("25");
    await confirmIn(fds(), () => page.keyboard.press("Enter"));
    expect(await investorNonce()).toBe(nonce + 1);
    await expect.poll(() => fds().getByTestId("balance").textContent(), { timeout: 30_000 }).toBe("325.5 FDS");
    expect(await fds().getByTestId("free").textContent()).toBe("225.5 FDS");
    await shot("transfer-confirmed");
  });

  it("#2 links dev account #3 by signing with it, then sends the signature from #2's session", async () => {
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Wallets" }).click();
    await page.getByRole("heading", { name: "Your wallets" }).waitFor(VISIBLE);
    await page.getByRole("list", { name: "Linked wallets" }).getByText(INVESTOR).waitFor(VISIBLE);
    await expectAccessible();

    // A bad address is refused next to the field; nothing is asked of the server.
    await page.getByLabel("Wallet to link").fill(INVESTOR.toLowerCase());
    await page.getByRole("button", { name: "Start linking" }).click();
    await page.getByText("This is the wallet you are signed in with").waitFor(VISIBLE);

    await page.getByLabel("Wallet to link").fill(SECOND_WALLET);
    await page.getByLabel("Wallet to link").press("Enter");
    await page.getByTestId("link-step").getByText("switch your wallet to account").waitFor(VISIBLE);
    await shot("link-switch-to-sign");

    await useDevAccount(page, 3);
    const sign = page.getByRole("button", { name: `Sign with ${shortAddress(SECOND_WALLET)}` });
    await sign.waitFor(VISIBLE);
    await expectAccessible();
    await shot("link-sign");
    await sign.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("link-step").getByText("Now switch your wallet back to").waitFor(VISIBLE);

    await useDevAccount(page, 2);
    const link = page.getByRole("button", { name: `Link ${shortAddress(SECOND_WALLET)}` });
    await link.waitFor(VISIBLE);
    await link.click();
    await page.getByTestId("wallet-linked").waitFor(VISIBLE);
    const linked = page.getByRole("list", { name: "Linked wallets" }).getByRole("listitem");
    await linked.filter({ hasText: SECOND_WALLET }).waitFor(VISIBLE);
    // The investor is approved: the server writes the new wallet to the identity registry, and the page follows.
    await linked.filter({ hasText: `${SECOND_WALLET}: registered on chain` }).waitFor(VISIBLE);
    await linked.filter({ hasText: `${INVESTOR} (opened the application): registered on chain` }).waitFor(VISIBLE);
    await shot("wallet-linked");
    await expectAccessible();
  });

  it("the portfolio reads every linked wallet", async () => {
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Portfolio" }).click();
    const byWallet = fds().getByRole("table", { name: "FDS by wallet" });
    await byWallet.waitFor(VISIBLE);
    expect(await byWallet.textContent()).toContain(shortAddress(SECOND_WALLET));
    expect(await fds().getByTestId("balance").textContent()).toBe("325.5 FDS");
    await shot("portfolio-two-wallets");
  });

  it("the investor pages fit a 390 px wide screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, heading] of [["Onboarding", "Investor onboarding"], ["Portfolio", "Portfolio"], ["Wallets", "Your wallets"]] as const) {
      await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name }).click();
      await page.getByRole("heading", { name: heading, exact: true }).waitFor(VISIBLE);
      if (name === "Portfolio") await fds().waitFor(VISIBLE);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(`${name.toLowerCase()}-390px`);
    }
    await expectAccessible();
  });
});
