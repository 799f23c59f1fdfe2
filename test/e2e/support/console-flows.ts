import type { Page } from "playwright-core";
import { expect } from "vitest";
import { smallPdf } from "../../support/console-page.ts";
import { devAccount } from "../../support/sign-in.ts";

/** "0x7099…79C8", as the wallet menu shows an address. */
export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * Opens the console at `url` signed in as dev account #0 (the local chain's dev wallet connects and signs in by
 * itself; otherwise through "Connect wallet").
 */
export async function openConsole(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const connect = page.getByRole("button", { name: "Connect wallet" });
  const session = page.getByTestId("session");
  await Promise.race([connect.waitFor(), session.waitFor()]);
  if (await connect.isVisible()) {
    await connect.click();
    await page.getByRole("button", { name: "Dev wallet (local chain)" }).click();
  }
  await session.waitFor();
}

/** Switches the dev wallet to account `index` and waits for that account's session, as a user picks an account. */
export async function useDevAccount(page: Page, index: number): Promise<void> {
  const address = devAccount(index).address;
  await page.getByLabel("Dev account").selectOption(String(index));
  await expect.poll(() => page.getByTestId("wallet-address").textContent()).toContain(shortAddress(address));
  await page.getByTestId("session").waitFor();
}

export interface Applicant {
  name: string;
  /** Country of residence, nationality and tax residence, by its English name as the select lists it. */
  country: string;
  street?: string;
  postalCode?: string;
  city?: string;
  category?: "RETAIL" | "QUALIFIED" | "ACCREDITED" | "INSTITUTION";
}

/**
 * Dev account `index` applies through the investor pages with one PDF, then the compliance officer (#0) approves it
 * from the queue, and the investor's page shows "Verified" once the identity registry holds it. Leaves the page
 * signed in as #0. Every step goes through the pages, as the users would.
 */
export async function onboardThroughPages(page: Page, index: number, applicant: Applicant, validDays = 730): Promise<void> {
  await useDevAccount(page, index);
  await page.getByRole("link", { name: "Investor" }).click();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  await page.getByLabel("Full legal name").fill(applicant.name);
  await page.getByLabel("Date of birth").fill("1980-04-02");
  await page.getByLabel("Street and number").fill(applicant.street ?? "1 Harbour Street");
  await page.getByLabel("Postal code").fill(applicant.postalCode ?? "10115");
  await page.getByLabel("City").fill(applicant.city ?? "Berlin");
  for (const label of ["Country of residence", "Nationality", "Tax residence"]) await page.getByLabel(label).selectOption({ label: applicant.country });
  await page.getByLabel("Investor category").selectOption(applicant.category ?? "RETAIL");
  await page.getByRole("button", { name: "Save details" }).click();
  await page.getByText("Details saved.").waitFor();
  await page.getByLabel("File").setInputFiles({ name: "passport.pdf", mimeType: "application/pdf", buffer: smallPdf(`Passport of ${applicant.name}`) });
  await page.getByRole("button", { name: "Upload document" }).click();
  await page.getByRole("list", { name: "Uploaded documents" }).getByText(/application\/pdf/).waitFor();
  await page.getByRole("button", { name: "Submit application" }).click();
  await page.getByTestId("kyc-status").getByText("Submitted: waiting for review").waitFor();

  await useDevAccount(page, 0);
  await page.getByRole("link", { name: "Compliance" }).click();
  await page.getByRole("heading", { name: "KYC queue" }).waitFor();
  const row = page.getByTestId("kyc-row").filter({ hasText: shortAddress(devAccount(index).address) });
  await row.getByRole("link", { name: "Review" }).click();
  await page.getByText(applicant.name).first().waitFor();
  await page.getByLabel("Valid for (days)").fill(String(validDays));
  await page.getByRole("button", { name: "Approve application" }).click();
  await page.getByTestId("kyc-status").getByText("Verified").waitFor({ timeout: 60_000 });
}

/** The nonce of `address` on the local chain: unchanged across a step means the step sent no transaction. */
export async function chainNonce(chainPort: number, address: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${chainPort}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionCount", params: [address, "latest"] }),
  });
  return Number(((await response.json()) as { result: string }).result);
}
