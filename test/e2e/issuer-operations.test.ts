import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { chainNonce, onboardThroughPages, openConsole } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

/** #0: deployer, issuer of FDS (owner and agent with every permission), compliance officer; verified (France). */
const ISSUER = devAccount(0).address;
/** #1: onboarded through the pages in this scenario. */
const INVESTOR = devAccount(1).address;
/** #3: becomes an agent of FDS. */
const NEW_AGENT = devAccount(3).address;
const VISIBLE = { state: "visible", timeout: 30_000 } as const;

// One scenario through the pages only: the issuer (#0) onboards an investor, mints FDS to them, freezes part of it and
// forces a transfer, each with a reason the audit log shows; then changes a rule, adds an agent, pauses and unpauses.
// Every form is also tried with a bad input first: it shows a message next to the field and sends nothing.
describe.runIf(chromiumAvailable())("the issuer's rules, agents and operations pages in a real browser", () => {
  let platform: PlatformProcess;
  let page: Page;
  const screenshot = screenshots("issuer-operations");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  const issuerNonce = () => chainNonce(platform.chainPort, ISSUER);
  const form = (name: string) => page.getByRole("form", { name, exact: true });
  const region = (name: string) => page.getByRole("region", { name, exact: true });
  /** Submits the form `scope` (its button `button`) with a bad input and checks that its messages show and that no transaction left the wallet. */
  async function expectRefusedLocally(scope: Locator, button: string, messages: string[], name: string) {
    const nonce = await issuerNonce();
    await scope.getByRole("button", { name: button }).click();
    for (const message of messages) await scope.getByText(message, { exact: true }).waitFor(VISIBLE);
    await shot(name);
    expect(await issuerNonce()).toBe(nonce);
  }

  const scenario = stepByStepScenario("issuer-operations", { defaultTimeout: 30_000 });
  beforeAll(() => {
    ({ platform, page } = scenario);
  });

  it("#0 onboards an investor through the pages and mints FDS to them on the Mint tab", async () => {
    await openConsole(page, `${platform.webUrl}/issuer`);
    await onboardThroughPages(page, 1, { name: "Ada Lovelace", country: "Germany" });
    await page.getByRole("link", { name: "Issuer" }).first().click();
    await page.getByRole("link", { name: "Folio Demo Share (FDS)" }).click();
    await page.getByRole("heading", { name: "Folio Demo Share (FDS)" }).waitFor(VISIBLE);
    const mint = form("Mint");
    await mint.getByLabel("Investor wallet").fill(INVESTOR);
    await mint.getByLabel("Amount (FDS)").fill("100");
    await mint.getByRole("button", { name: "Mint FDS" }).click();
    await region("Mint").getByTestId("tx-confirmed").waitFor(VISIBLE);
    await shot("minted");
  });

  it("opens the Operations tab, with no recorded action yet", async () => {
    await page.getByRole("link", { name: "Operations" }).click();
    await page.getByRole("heading", { name: "Freeze or unfreeze an amount" }).waitFor(VISIBLE);
    await page.getByText("No agent action has been recorded for FDS yet.").waitFor(VISIBLE);
    await shot("operations-tab");
    await expectAccessible();
  });

  it("refuses a bad input in every operation form next to its field and sends nothing", async () => {
    const freeze = form("Freeze or unfreeze a wallet");
    await freeze.getByLabel("Wallet", { exact: true }).fill("not a wallet");
    await expectRefusedLocally(freeze, "Freeze wallet", [
      "Enter the wallet address (0x followed by 40 hex digits)",
      "Give the reason for this action: it is kept in the audit log",
    ], "wallet-freeze-errors");

    const partial = form("Freeze or unfreeze an amount");
    await partial.getByLabel("Wallet", { exact: true }).fill(INVESTOR);
    await partial.getByLabel("Amount (FDS)").fill("ten");
    await partial.getByLabel("Reason").fill("x".repeat(501));
    await expectRefusedLocally(partial, "Freeze FDS", [
      "Enter a number, e.g. 1250.5",
      "Use at most 500 characters (this reason has 501)",
    ], "partial-freeze-errors");

    const forced = form("Forced transfer");
    await forced.getByLabel("From wallet").fill(INVESTOR);
    await forced.getByLabel("To wallet").fill(INVESTOR.toLowerCase());
    await forced.getByLabel("Amount (FDS)").fill("5");
    await expectRefusedLocally(forced, "Force the transfer", [
      "The receiving wallet must differ from the sending wallet",
      "Give the reason for this action: it is kept in the audit log",
    ], "forced-transfer-errors");

    const recovery = form("Wallet recovery");
    await recovery.getByLabel("Lost wallet").fill(INVESTOR);
    await recovery.getByLabel("Reason").fill("Lost hardware wallet, ticket 31");
    await expectRefusedLocally(recovery, "Recover the wallet", [
      "Enter the new wallet's address (0x followed by 40 hex digits)",
    ], "recovery-errors");
    await expectAccessible();
  });

  it("freezes part of the investor's FDS with a reason, which the list of recorded actions shows", async () => {
    const partial = form("Freeze or unfreeze an amount");
    await partial.getByLabel("Amount (FDS)").fill("10");
    await partial.getByLabel("Reason").fill("Court order 2026-114: hold 10 FDS");
    await partial.getByTestId("partial-freeze-preview").filter({ hasText: `This will freeze 10 FDS of the wallet ${INVESTOR}.` }).waitFor(VISIBLE);
    await partial.getByRole("button", { name: "Freeze FDS" }).click();
    const section = region("Freeze or unfreeze an amount");
    await section.getByTestId("tx-confirmed").waitFor(VISIBLE);
    await section.getByTestId("reason-recorded").waitFor(VISIBLE);
    const row = page.getByTestId("agent-action").filter({ hasText: "Court order 2026-114: hold 10 FDS" });
    await row.waitFor(VISIBLE);
    expect(await row.textContent()).toContain("Partial freeze");
    expect(await row.textContent()).toContain(`userAddress: ${INVESTOR}; amount: 10 FDS`);
    await shot("partial-freeze-recorded");
  });

  it("forces a transfer with a reason", async () => {
    const forced = form("Forced transfer");
    await forced.getByLabel("To wallet").fill(ISSUER);
    await forced.getByLabel("Reason").fill("Estate settlement, ticket 88");
    await forced.getByRole("button", { name: "Force the transfer" }).click();
    await region("Forced transfer").getByTestId("reason-recorded").waitFor(VISIBLE);
    const row = page.getByTestId("agent-action").filter({ hasText: "Estate settlement, ticket 88" });
    await row.waitFor(VISIBLE);
    expect(await row.textContent()).toContain("Forced transfer");
    // Newest first.
    expect(await page.getByTestId("agent-action").first().textContent()).toContain("Estate settlement, ticket 88");
    await shot("forced-transfer-recorded");
    await expectAccessible();
  });

  it("unfreezes the amount with the keyboard alone", async () => {
    const partial = form("Freeze or unfreeze an amount");
    await partial.getByLabel("Wallet", { exact: true }).fill("");
    await partial.getByLabel("Wallet", { exact: true }).focus();
    await page.keyboard.type(INVESTOR);
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("10");
    await page.keyboard.press("Tab");
    // The radio group: Tab reaches the chosen option, an arrow key chooses the other one.
    await page.keyboard.press("ArrowDown");
    expect(await partial.getByLabel("Unfreeze this amount").isChecked()).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Court order 2026-114 lifted");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Unfreeze FDS");
    await page.keyboard.press("Enter");
    await region("Freeze or unfreeze an amount").getByTestId("reason-recorded").waitFor(VISIBLE);
    await page.getByTestId("agent-action").filter({ hasText: "Court order 2026-114 lifted" }).filter({ hasText: "Partial unfreeze" }).waitFor(VISIBLE);
    await shot("unfrozen-by-keyboard");
  });

  it("opens Rules & agents with the token's rules prefilled and refuses bad rules without sending", async () => {
    await page.getByRole("link", { name: "Rules & agents" }).click();
    const rules = form("Rules");
    await rules.waitFor(VISIBLE);
    expect(await rules.getByLabel("Investors from any country").isChecked()).toBe(true);
    expect(await rules.getByLabel("Maximum number of investors").inputValue()).toBe("");
    await shot("rules-tab");
    await expectAccessible();
    await rules.getByLabel(/Only investors from the countries listed/).check();
    await rules.getByLabel("Maximum balance per investor (FDS)").fill("1.0000000000000000001");
    await expectRefusedLocally(rules, "Review the changes", [
      "Choose at least one country that may hold the token",
      "At most 18 decimals",
    ], "rules-errors");
    expect(await page.getByRole("heading", { name: "What will change" }).count()).toBe(0);
  });

  it("changes a rule after a review of what changes", async () => {
    const rules = form("Rules");
    await rules.getByLabel("Investors from any country").check();
    await rules.getByLabel("Maximum balance per investor (FDS)").fill("");
    await rules.getByLabel("Maximum number of investors").fill("500");
    await rules.getByRole("button", { name: "Review the changes" }).click();
    const review = region("What will change");
    await review.waitFor(VISIBLE);
    expect(await review.getByRole("listitem").allTextContents()).toEqual(["Maximum number of investors: no limit → 500"]);
    await shot("rules-review");
    await review.getByRole("button", { name: "Sign the transaction" }).click();
    await region("Rules").getByTestId("tx-confirmed").waitFor(VISIBLE);
    // The summary above the tabs shows the indexed rule without a reload.
    await page.locator("dd", { hasText: /^500$/ }).waitFor(VISIBLE);
    await shot("rule-changed");
  });

  it("refuses a bad agent without sending, then adds an agent with two permissions", async () => {
    const add = form("Add an agent");
    await add.getByLabel("Agent wallet").fill("0x1234");
    await expectRefusedLocally(add, "Add agent", [
      "Enter the agent's wallet address (0x followed by 40 hex digits)",
      "Choose at least one permission",
    ], "agent-errors");
    await add.getByLabel("Agent wallet").fill(NEW_AGENT);
    await add.getByLabel(/^Mint/).check();
    await add.getByLabel(/^Freeze wallets and amounts/).check();
    await add.getByRole("button", { name: "Add agent" }).click();
    await add.getByTestId("tx-confirmed").waitFor(VISIBLE);
    const row = page.getByTestId("agent-row").filter({ hasText: NEW_AGENT });
    await row.getByText(`${NEW_AGENT}: Mint, Freeze wallets and amounts`).waitFor(VISIBLE);
    expect(await row.getByLabel(/^Forced transfers/).isChecked()).toBe(false);
    await shot("agent-added");
    await expectAccessible();
  });

  it("changes the new agent's permission bits, then removes the agent", async () => {
    const row = page.getByTestId("agent-row").filter({ hasText: NEW_AGENT });
    const nonce = await issuerNonce();
    await row.getByRole("button", { name: "Save permissions" }).click();
    await row.getByText("Nothing changed: tick or clear a permission first").waitFor(VISIBLE);
    expect(await issuerNonce()).toBe(nonce);
    await row.getByLabel(/^Forced transfers/).check();
    await row.getByLabel(/^Mint/).uncheck();
    await row.getByRole("button", { name: "Save permissions" }).click();
    await row.getByText(`${NEW_AGENT}: Freeze wallets and amounts, Forced transfers`).waitFor(VISIBLE);
    await shot("agent-changed");
    await row.getByRole("button", { name: "Remove agent" }).click();
    await page.getByTestId("agent-row").filter({ hasText: NEW_AGENT }).waitFor({ state: "detached", timeout: 30_000 });
    expect(await page.getByTestId("agent-row").count()).toBe(1);
    await shot("agent-removed");
  });

  it("pauses and unpauses the token", async () => {
    const pause = region("Pause");
    await pause.getByText("This will pause FDS: every transfer and mint stops until it is unpaused.").waitFor(VISIBLE);
    await pause.getByRole("button", { name: "Pause FDS" }).click();
    await pause.getByTestId("tx-confirmed").waitFor(VISIBLE);
    await pause.getByTestId("pause-state").filter({ hasText: "The token is paused" }).waitFor(VISIBLE);
    await page.locator("dd", { hasText: /^Paused$/ }).waitFor(VISIBLE);
    await shot("paused");
    await pause.getByRole("button", { name: "Unpause FDS" }).click();
    await pause.getByTestId("pause-state").filter({ hasText: "The token is active" }).waitFor(VISIBLE);
    await page.locator("dd", { hasText: /^Active$/ }).waitFor(VISIBLE);
    await shot("unpaused");
  });

  it("fits a 390 px wide screen on both tabs", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await form("Rules").waitFor(VISIBLE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("rules-390px");
    await page.getByRole("link", { name: "Operations" }).click();
    await page.getByTestId("agent-action").first().waitFor(VISIBLE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("operations-390px");
    await expectAccessible();
  });
});
