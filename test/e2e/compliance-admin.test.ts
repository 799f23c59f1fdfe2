import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { onboardThroughPages, openConsole, shortAddress, useDevAccount } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

const ADMIN = devAccount(0).address;
/** Imported from a CSV file (verified elsewhere). */
const IMPORTED = [devAccount(6).address, devAccount(7).address];
/** Onboards through the pages, then is suspended and reinstated. */
const INVESTOR = 2;
/** Becomes a compliance officer, then loses the role. */
const OFFICER = devAccount(3).address;
const HEADER = "wallet,country,kyc_valid_until,flags";
const VISIBLE = { state: "visible", timeout: 30_000 } as const;
const csvFile = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });

// The compliance officer's and the platform admin's pages, step by step, as dev account #0 (both) uses them.
describe.runIf(chromiumAvailable())("the compliance and admin consoles in a real browser", () => {
  let platform: PlatformProcess;
  let page: Page;
  const screenshot = screenshots("compliance-admin");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  const graphqlRequests: string[] = [];
  /** Operations sent since `from` (an index into graphqlRequests) whose text names `operation`. */
  const sentSince = (from: number, operation: string) => graphqlRequests.slice(from).filter((body) => body.includes(operation));
  const subnav = () => page.getByRole("navigation", { name: "Compliance pages" });

  const scenario = stepByStepScenario("compliance-admin", { defaultTimeout: 20_000 });
  beforeAll(() => {
    ({ platform, page } = scenario);
    page.on("request", (r) => void (r.url().endsWith("/graphql") && graphqlRequests.push(r.postData() ?? "")));
  });

  it("the compliance area has its own navigation: Queue, Renewals, Import, Audit log", async () => {
    await openConsole(page, `${platform.webUrl}/compliance`);
    await page.getByRole("heading", { name: "KYC queue" }).waitFor(VISIBLE);
    expect(await subnav().getByRole("link").allTextContents()).toEqual(["Queue", "Renewals", "Import", "Audit log"]);
    await subnav().getByRole("link", { name: "Renewals" }).click();
    await page.getByRole("heading", { name: "Renewals due" }).waitFor();
    await page.getByText("No renewals are waiting for a decision.").waitFor();
    await shot("renewals");
    await expectAccessible();
  });

  it("an import file with a bad row shows the error next to that row and sends nothing", async () => {
    await subnav().getByRole("link", { name: "Import" }).click();
    await page.getByRole("heading", { name: "Import investors" }).waitFor();
    const before = graphqlRequests.length;
    await page.getByLabel("CSV file").setInputFiles(csvFile("investors.csv", [HEADER, `${IMPORTED[0]},DE,2030-12-31,accredited`, `${IMPORTED[1].slice(0, 30)},FR,2030-12-31,`]));
    const bad = page.getByTestId("import-row").filter({ hasText: "Line 3:" });
    await bad.getByText(`Line 3: "${IMPORTED[1].slice(0, 30)}" is not a wallet address`).waitFor();
    expect(await page.getByTestId("import-row").first().textContent()).toContain("OK");
    await page.getByTestId("import-blocked").waitFor();
    expect(await page.getByRole("button", { name: "Import 2 investors" }).isDisabled()).toBe(true);
    expect(sentSince(before, "ImportInvestors")).toEqual([]);
    await shot("import-bad-row");
    await expectAccessible();
  });

  it("a good file imports both investors, and the queue shows them approved and registered on chain", async () => {
    await page.getByLabel("CSV file").setInputFiles(csvFile("investors-fixed.csv", [HEADER, `${IMPORTED[0]},DE,2030-12-31,accredited`, `${IMPORTED[1]},FR,2030-12-31,`]));
    await page.getByText("2 investors ready to import from investors-fixed.csv.").waitFor();
    await page.getByRole("button", { name: "Import 2 investors" }).click();
    await page.getByTestId("import-result").getByText(/Imported 2 investors in \d+ registry transactions?;/).waitFor(VISIBLE);
    await shot("import-accepted");
    await page.getByRole("link", { name: "See them in the queue" }).click();
    await page.getByLabel("Status").selectOption("APPROVED");
    for (const wallet of IMPORTED) {
      await page.getByTestId("kyc-row").filter({ hasText: shortAddress(wallet) }).filter({ hasText: "approved (on chain), imported" }).waitFor({ state: "visible", timeout: 60_000 });
    }
    await shot("queue-approved-imported");
    await expectAccessible();
  });

  it("finds an application by its whole wallet address whatever its status, and filters by part of one", async () => {
    await page.getByLabel("Status").selectOption("SUBMITTED");
    await page.getByLabel("Search by wallet").fill(IMPORTED[1].toLowerCase());
    const row = page.getByTestId("kyc-row");
    await row.filter({ hasText: shortAddress(IMPORTED[1]) }).waitFor();
    expect(await row.count()).toBe(1);
    await page.getByLabel("Search by wallet").fill("0xnot");
    await page.getByText("Enter a wallet address or part of one (hex digits, optionally starting with 0x)").waitFor();
    await page.getByLabel("Status").selectOption("APPROVED");
    await page.getByLabel("Search by wallet").fill(IMPORTED[0].slice(-6));
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(shortAddress(IMPORTED[0]));
    await shot("queue-wallet-filter");
    await expectAccessible();
    await page.getByLabel("Search by wallet").fill("");
  });

  it("onboards an investor through the pages, then suspends them with a reason and reinstates them", async () => {
    await onboardThroughPages(page, INVESTOR, { name: "Grace Hopper", country: "Germany" });
    const status = page.getByTestId("kyc-status");
    const before = graphqlRequests.length;
    await page.getByRole("button", { name: "Suspend investor" }).click();
    await page.getByText("Say why the investor is suspended").waitFor();
    expect(await page.getByLabel("Reason for the suspension (audit log)").getAttribute("aria-invalid")).toBe("true");
    expect(sentSince(before, "SuspendInvestor")).toEqual([]);
    await shot("suspend-without-reason");

    await page.getByLabel("Reason for the suspension (audit log)").fill("Name matched a sanctions list entry");
    await page.getByRole("button", { name: "Suspend investor" }).click();
    await status.getByText("Suspended").waitFor(VISIBLE);
    const record = page.getByTestId("registry-record");
    await record.getByText("Registry status: suspended").waitFor();
    await expect.poll(() => record.textContent(), { timeout: 60_000 }).not.toContain("being written");
    expect(await page.getByTestId("suspension-reason").textContent()).toBe("Suspended: Name matched a sanctions list entry");
    await shot("suspended");
    await expectAccessible();

    await page.getByLabel("Reason for the reinstatement (audit log)").fill("False positive: different date of birth");
    await page.getByRole("button", { name: "Reinstate investor" }).click();
    await status.getByText("Verified").waitFor({ state: "visible", timeout: 60_000 });
    await record.getByText("Registry status: active").waitFor();
    await shot("reinstated");
  });

  it("the audit log shows the import, the decisions and the suspension, and its hash chain verified", async () => {
    await subnav().getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    const verification = page.getByTestId("audit-verification");
    await verification.getByText(/^Verified up to entry \d+$/).waitFor(VISIBLE);
    const wanted = ["kyc.import", "kyc.approve", "kyc.suspend", "kyc.reinstate"];
    const actionCells = page.getByTestId("audit-row").locator("td:nth-child(4)");
    await actionCells.first().waitFor();
    const older = page.getByRole("button", { name: "Show older entries" });
    // Newest first, 25 a page: older pages are loaded until the import (the first of these actions) is listed.
    while (!(await actionCells.allTextContents()).includes("kyc.import") && (await older.isVisible())) {
      const shown = await actionCells.count();
      await older.click();
      await expect.poll(() => actionCells.count()).toBeGreaterThan(shown);
    }
    const actions = await actionCells.allTextContents();
    for (const action of wanted) expect(actions).toContain(action);
    // Newest first: the reinstatement comes before the suspension.
    expect(actions.indexOf("kyc.reinstate")).toBeLessThan(actions.indexOf("kyc.suspend"));
    const suspension = page.getByTestId("audit-row").filter({ hasText: "kyc.suspend" }).first();
    expect(await suspension.textContent()).toContain(shortAddress(ADMIN));
    await shot("audit-log");
    await expectAccessible();
  });

  it("the admin grants COMPLIANCE_OFFICER to #3, whose navigation then shows Compliance, and revokes it", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Platform roles" }).waitFor();
    await page.getByTestId("role-holder").filter({ hasText: ADMIN }).filter({ hasText: "by configuration" }).waitFor();

    const before = graphqlRequests.length;
    await page.getByLabel("Wallet address").fill(OFFICER.slice(0, 20));
    await page.getByRole("button", { name: "Grant role" }).click();
    await page.getByText("Enter a wallet address: 0x followed by 40 hex digits").waitFor();
    expect(sentSince(before, "GrantRole")).toEqual([]);
    await shot("grant-bad-address");

    await page.getByLabel("Wallet address").fill(OFFICER);
    await page.getByLabel("Role", { exact: true }).selectOption("COMPLIANCE_OFFICER");
    await page.getByRole("button", { name: "Grant role" }).click();
    await page.getByTestId("role-result").getByText(`${OFFICER} is now a compliance officer.`).waitFor();
    await page.getByTestId("role-holder").filter({ hasText: OFFICER }).filter({ hasText: "Compliance officer" }).waitFor();
    await shot("role-granted");
    await expectAccessible();

    await useDevAccount(page, 3);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect.poll(() => nav.textContent()).toContain("Compliance");
    await nav.getByRole("link", { name: "Compliance" }).click();
    await page.getByRole("heading", { name: "KYC queue" }).waitFor();
    await shot("new-officer-queue");

    await useDevAccount(page, 0);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("button", { name: `Revoke compliance officer from ${OFFICER}` }).click();
    await page.getByTestId("role-result").getByText(`${OFFICER} is no longer a compliance officer.`).waitFor();
    await expect.poll(() => page.getByTestId("role-holder").filter({ hasText: OFFICER }).count()).toBe(0);
  });

  it("revoking the last admin shows the server's refusal, and the admin keeps the role", async () => {
    await page.getByRole("button", { name: `Revoke platform admin from ${ADMIN}` }).click();
    const refusal = page.getByTestId("role-refusal");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("cannot be revoked");
    await page.getByTestId("role-holder").filter({ hasText: ADMIN }).filter({ hasText: "Platform admin" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).textContent()).toContain("Admin");
    await shot("last-admin-refused");
    await expectAccessible();
  });

  it("grants and revokes a role with the keyboard alone", async () => {
    const auditor = devAccount(4).address;
    await page.getByLabel("Wallet address").fill("");
    await page.getByLabel("Wallet address").focus();
    await page.keyboard.type(auditor);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("role");
    await page.keyboard.press("Home"); // the first role: Compliance officer
    await page.keyboard.press("ArrowDown"); // Auditor
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Grant role");
    await page.keyboard.press("Enter");
    await page.getByTestId("role-result").getByText(`${auditor} is now an auditor.`).waitFor();
    await page.getByRole("button", { name: `Revoke auditor from ${auditor}` }).focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("role-result").getByText(`${auditor} is no longer an auditor.`).waitFor();

    // The compliance sub-navigation: Tab from one page's link to the next, Enter opens it.
    await page.goto(`${platform.webUrl}/compliance/kyc`);
    await subnav().getByRole("link", { name: "Queue" }).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Import");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Import investors" }).waitFor();
  });

  it("every page of both areas works at 390 px wide with no serious accessibility violation", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, heading] of [
      ["/compliance/kyc", "KYC queue"], ["/compliance/renewals", "Renewals due"], ["/compliance/import", "Import investors"],
      ["/compliance/audit", "Audit log"], ["/admin", "Platform roles"], ["/admin/outbox", "Transaction outbox"],
    ] as const) {
      await page.goto(`${platform.webUrl}${path}`);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor(VISIBLE);
      await page.getByRole("status").filter({ hasText: /^Loading/ }).first().waitFor({ state: "detached" }).catch(() => undefined);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await screenshot(page, `390px-${path.slice(1).replace("/", "-")}`);
      await expectAccessible();
    }
    await page.goto(`${platform.webUrl}/compliance/kyc`);
    await page.getByLabel("Status").selectOption("APPROVED");
    await page.getByTestId("kyc-row").filter({ hasText: shortAddress(devAccount(INVESTOR).address) }).getByRole("link", { name: "Review" }).click();
    await page.getByTestId("registry-record").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "390px-review-approved");
    await expectAccessible();
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
