import type { Page } from "playwright-core";
import { createPublicClient, createWalletClient, erc20Abi, getAddress, http, type Address } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { cashTokenAbi } from "../../deployments/abi/index.ts";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { chainNonce, onboardThroughPages, openConsole, useDevAccount } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

const SELLER = devAccount(1).address;
const BUYER = devAccount(2).address;
const VISIBLE = { state: "visible", timeout: 60_000 } as const;
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

// Through the pages: the issuer (#0) opens the FDS market against the demo cash on the token's Market tab (a lot the
// server's rule refuses first); #1 sells 10 FDS at 12.50 FCASH (approving FDS once), #2 is refused a price off the
// tick without anything sent, then buys 10 at up to 13.00 (approving FCASH) and trades at the resting 12.50; both
// see the trade settle, the book empties, balances move by exactly 10 FDS and 125 FCASH; #1 places and cancels
// another sell, on the book and on chain; #2's portfolio is valued at the last price.
describe.runIf(chromiumAvailable())("two investors trade FDS against FCASH through the market pages", () => {
  let platform: PlatformProcess;
  let page: Page;
  let token: Address;
  let cash: Address;
  const screenshot = screenshots("market-trading");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  const chain = () => createPublicClient({ transport: http(`http://127.0.0.1:${platform.chainPort}`) });
  const balance = (asset: Address, wallet: Address) => chain().readContract({ address: asset, abi: erc20Abi, functionName: "balanceOf", args: [wallet] });
  const balances = async () => ({
    sellerFds: await balance(token, SELLER), sellerCash: await balance(cash, SELLER),
    buyerFds: await balance(token, BUYER), buyerCash: await balance(cash, BUYER),
  });
  const form = () => page.getByRole("form", { name: "Place an order" });
  const review = () => page.getByRole("region", { name: "Order to sign" });
  const book = () => page.getByTestId("order-book");
  const openMarket = async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Market" }).click();
    await page.getByRole("table", { name: "Open markets" }).getByRole("link", { name: "Folio Demo Share (FDS)" }).click();
    await page.getByRole("heading", { name: /Folio Demo Share \(FDS\)/ }).waitFor(VISIBLE);
    await page.getByTestId("wallet-balances").waitFor(VISIBLE);
  };
  const fitsPhone = async (name: string) => {
    await page.setViewportSize({ width: 390, height: 844 });
    // The chart follows its box after a resize (ResizeObserver), so the width is polled.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 }).toBeLessThanOrEqual(390);
    await shot(`${name}-390px`);
    await expectAccessible();
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  const scenario = stepByStepScenario("market-trading", { defaultTimeout: 30_000 });
  beforeAll(async () => {
    ({ platform, page } = scenario);
    const deployment = (await (await fetch(`${platform.webUrl}/deployment.json`)).json()) as { contracts: Record<string, Address> };
    cash = getAddress(deployment.contracts.CashToken!);
  });

  it("onboards investor #1 (Germany) and investor #2 (France) through the pages", async () => {
    await openConsole(page, platform.webUrl);
    await onboardThroughPages(page, 1, { name: "Greta Vogel", country: "Germany" });
    await onboardThroughPages(page, 2, { name: "Jeanne Moreau", country: "France" });
  }, 300_000);

  it("the issuer mints 100 FDS to #1 on the Mint tab; #2 receives 1,000 FCASH of demo cash", async () => {
    await page.getByRole("link", { name: "Issuer" }).first().click();
    await page.getByRole("link", { name: "Folio Demo Share (FDS)" }).click();
    token = getAddress(page.url().split("/issuer/tokens/")[1]!.slice(0, 42));
    const mint = page.getByRole("form", { name: "Mint", exact: true });
    await mint.getByLabel("Investor wallet").fill(SELLER);
    await mint.getByLabel("Amount (FDS)").fill("100");
    await mint.getByRole("button", { name: "Mint FDS" }).click();
    await expect.poll(() => balance(token, SELLER), { timeout: 60_000 }).toBe(100n * E18);
    // The demo cash token has no page of its own: its owner (#0) mints it, as a bank would credit an account.
    const wallet = createWalletClient({ account: devAccount(0), transport: http(`http://127.0.0.1:${platform.chainPort}`) });
    const hash = await wallet.writeContract({ address: cash, abi: cashTokenAbi, functionName: "mint", args: [BUYER, 1_000n * E6], chain: null });
    await chain().waitForTransactionReceipt({ hash });
    expect(await balances()).toEqual({ sellerFds: 100n * E18, sellerCash: 0n, buyerFds: 0n, buyerCash: 1_000n * E6 });
  });

  it("the issuer is told why a lot finer than a cash unit is refused, then opens the market on the Market tab", async () => {
    await page.getByRole("navigation", { name: "Token tasks" }).getByRole("link", { name: "Market" }).click();
    const settings = page.getByRole("form", { name: "Market settings" });
    await page.getByTestId("market-state").filter({ hasText: "This token has no market yet." }).waitFor(VISIBLE);
    await expect.poll(() => settings.getByLabel("Cash token").inputValue()).toBe(cash);
    await settings.getByLabel("Price step (FCASH per FDS)").fill("0.01");
    await settings.getByLabel("Lot size (FDS)").fill("0.00001");
    await settings.getByRole("button", { name: "Save market settings" }).click();
    await settings.getByText("would cost a fraction of the cash token's smallest unit: use a lot that is a multiple of 0.0001 FDS").waitFor(VISIBLE);
    expect(await page.getByTestId("market-state").textContent()).toContain("no market yet");
    await shot("settings-refused");
    await expectAccessible();
    await settings.getByLabel("Lot size (FDS)").fill("0.01");
    await settings.getByRole("button", { name: "Save market settings" }).click();
    await page.getByTestId("market-saved").filter({ hasText: "the market is open" }).waitFor(VISIBLE);
    await page.getByTestId("market-state").filter({ hasText: "The market is open" }).waitFor(VISIBLE);
    await shot("market-opened");
  });

  it("#1 sells 10 FDS at 12.50 FCASH: the order in words, the FDS approval asked because none exists, then the signature", async () => {
    await useDevAccount(page, 1);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Market" }).click();
    const row = page.getByTestId("market-row").filter({ hasText: "Folio Demo Share (FDS)" });
    await row.filter({ hasText: "No trade yet" }).waitFor(VISIBLE);
    await shot("market-list");
    await expectAccessible();
    await openMarket();
    await page.getByTestId("token-balance").filter({ hasText: "100 FDS" }).waitFor(VISIBLE);
    await form().getByLabel("Sell FDS").check();
    await form().getByLabel("Amount (FDS)").fill("10");
    await form().getByLabel("Limit price (FCASH per FDS)").fill("12.50");
    expect(await page.getByTestId("order-total").textContent()).toBe("Total: 125.00 FCASH at least");
    await form().getByRole("button", { name: "Review order" }).click();
    const words = (await review().locator(".order-words").textContent())!;
    expect(words).toMatch(/^You sell 10 FDS at 12\.50 FCASH each, 125\.00 FCASH in total, valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC, to anyone\.$/);
    expect(await review().textContent()).toContain("First your wallet allows the Settlement contract to move 10 FDS");
    await shot("sell-review");
    await review().getByRole("button", { name: "Approve FDS and sign" }).click();
    await page.getByTestId("order-placed").filter({ hasText: "it rests in the book" }).waitFor(VISIBLE);
    const ask = book().getByTestId("book-ask");
    await ask.filter({ hasText: "12.50" }).filter({ hasText: "10" }).waitFor(VISIBLE);
    await page.getByTestId("my-order").filter({ hasText: "Open" }).waitFor(VISIBLE);
    await shot("sell-resting");
  });

  it("#2 is refused a price off the tick next to the form: nothing signed, nothing sent, the book unchanged", async () => {
    await useDevAccount(page, 2);
    await openMarket();
    await book().getByTestId("book-ask").filter({ hasText: "12.50" }).waitFor(VISIBLE);
    const before = { nonce: await chainNonce(platform.chainPort, BUYER), book: await book().textContent(), chain: await balances() };
    await form().getByLabel("Buy FDS").check();
    await form().getByLabel("Amount (FDS)").fill("10");
    await form().getByLabel("Limit price (FCASH per FDS)").fill("12.505");
    await form().getByRole("button", { name: "Review order" }).click();
    await form().getByText("Prices move in steps of 0.01 FCASH: enter a multiple of it").waitFor(VISIBLE);
    expect(await review().count()).toBe(0);
    expect(await form().getByLabel("Limit price (FCASH per FDS)").getAttribute("aria-invalid")).toBe("true");
    await shot("buy-refused");
    await expectAccessible();
    expect(await chainNonce(platform.chainPort, BUYER)).toBe(before.nonce);
    expect(await book().textContent()).toBe(before.book);
    expect(await balances()).toEqual(before.chain);
  });

  it("#2 buys 10 FDS at up to 13.00 by keyboard, approves FCASH because none is allowed, and trades at the resting 12.50", async () => {
    const before = await balances();
    const price = form().getByLabel("Limit price (FCASH per FDS)");
    await price.fill("13");
    await price.focus();
    await page.keyboard.press("Enter");
    await review().waitFor(VISIBLE);
    expect(await review().locator(".order-words").textContent()).toMatch(/^You buy 10 FDS at 13\.00 FCASH each, 130\.00 FCASH in total \(at most\), valid until .* UTC, from anyone\.$/);
    expect(await review().textContent()).toContain("allows the Settlement contract to move 130 FCASH");
    await review().getByRole("button", { name: "Approve FCASH and sign" }).click();
    await page.getByTestId("order-placed").filter({ hasText: "10 FDS traded at once" }).waitFor(VISIBLE);
    const trade = page.getByTestId("trade-row").first();
    await trade.filter({ hasText: "Settled" }).waitFor(VISIBLE);
    expect(await trade.textContent()).toContain("You bought");
    expect(await trade.textContent()).toContain("12.50");
    expect(await trade.textContent()).toContain("125.00");
    await book().getByText("No open orders yet").waitFor(VISIBLE);
    await page.getByTestId("last-price").filter({ hasText: "12.50 FCASH" }).waitFor(VISIBLE);
    expect(await balances()).toEqual({
      sellerFds: before.sellerFds - 10n * E18, sellerCash: before.sellerCash + 125n * E6,
      buyerFds: before.buyerFds + 10n * E18, buyerCash: before.buyerCash - 125n * E6,
    });
    await page.getByTestId("token-balance").filter({ hasText: "10 FDS" }).waitFor(VISIBLE);
    await page.getByTestId("cash-balance").filter({ hasText: "875.00 FCASH" }).waitFor(VISIBLE);
    await page.getByTestId("candle-row").first().waitFor({ state: "attached" });
    await shot("traded-buyer");
    await expectAccessible();
    await fitsPhone("traded-buyer");
  });

  it("#1 sees the trade as a sale, the filled order, and the cash received", async () => {
    await useDevAccount(page, 1);
    await openMarket();
    const trade = page.getByTestId("trade-row").first();
    await trade.filter({ hasText: "You sold" }).waitFor(VISIBLE);
    expect(await trade.textContent()).toContain("Settled");
    await page.getByTestId("my-order").filter({ hasText: "Filled" }).waitFor(VISIBLE);
    await page.getByTestId("cash-balance").filter({ hasText: "125.00 FCASH" }).waitFor(VISIBLE);
    await page.getByTestId("token-balance").filter({ hasText: "90 FDS" }).waitFor(VISIBLE);
    await shot("traded-seller");
  });

  it("#1 places another sell, cancels it off the book, then signs the on-chain cancel", async () => {
    const before = await balances();
    await form().getByLabel("Sell FDS").check();
    await form().getByLabel("Amount (FDS)").fill("5");
    await form().getByLabel("Limit price (FCASH per FDS)").fill("14");
    await form().getByRole("button", { name: "Review order" }).click();
    await review().getByRole("button", { name: /Approve FDS and sign|Sign and place order/ }).click();
    await page.getByTestId("order-placed").waitFor(VISIBLE);
    await book().getByTestId("book-ask").filter({ hasText: "14.00" }).waitFor(VISIBLE);
    const open = page.getByTestId("my-order").filter({ hasText: "Open" });
    await open.getByRole("button", { name: "Cancel sell 5 at 14.00" }).click();
    await book().getByText("No open orders yet").waitFor(VISIBLE);
    await page.getByTestId("my-order").filter({ hasText: "Cancelled" }).waitFor(VISIBLE);
    const onChain = page.getByTestId("cancel-onchain");
    await shot("cancelled");
    await onChain.getByRole("button", { name: "Cancel on chain" }).click();
    await onChain.getByTestId("tx-confirmed").waitFor(VISIBLE);
    expect(await balances()).toEqual(before);
    await expectAccessible();
    await fitsPhone("cancelled");
  });

  it("#2's portfolio values the FDS at the last trade price", async () => {
    await useDevAccount(page, 2);
    await page.getByRole("link", { name: "Investor" }).click();
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Portfolio" }).click();
    const value = page.getByTestId("holding").filter({ hasText: "Folio Demo Share (FDS)" }).getByTestId("market-value");
    await value.filter({ hasText: "Value at the last trade price (12.50 FCASH per FDS): 125.00 FCASH" }).waitFor(VISIBLE);
    await shot("portfolio-valued");
  });
});
