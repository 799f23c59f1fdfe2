import type { Locator, Page } from "playwright-core";
import { createPublicClient, createWalletClient, erc20Abi, http, sha256, stringToHex, type Address, type Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { artworkCertificateAbi, cashTokenAbi, fractionVaultAbi } from "../../deployments/abi/index.ts";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { chainNonce, onboardThroughPages, openConsole, useDevAccount } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

const OWNER = devAccount(0).address;
const HOLDER_A = devAccount(1).address;
const HOLDER_B = devAccount(2).address;
const BUYER = devAccount(3).address;
const UNVERIFIED = devAccount(4).address;
const VISIBLE = { state: "visible", timeout: 30_000 } as const;
const FCASH = (whole: bigint) => whole * 10n ** 6n;
/** The work's canonical metadata as a registry would serialise it; its SHA-256 is the certificate's id. */
const METADATA = JSON.stringify({ name: "Harbour at Dusk", artist: "Mara Lind", year: 1987, medium: "Oil on canvas" });

describe.runIf(chromiumAvailable())("fractional ownership of a certified work, from lock to buy-out, through the console", () => {
  let platform: PlatformProcess;
  let page: Page;
  let contracts: Record<string, Address> = {};
  let certificateId = 0n;
  let shareToken: Address;
  let vaultUrl = "";
  const screenshot = screenshots("fractional-ownership");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  const fitsPhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const chain = () => createPublicClient({ transport: http(`http://127.0.0.1:${platform.chainPort}`) });
  const wallet = (index: number) => createWalletClient({ account: devAccount(index), transport: http(`http://127.0.0.1:${platform.chainPort}`) });
  const cashOf = (who: Address) => chain().readContract({ address: contracts.CashToken!, abi: erc20Abi, functionName: "balanceOf", args: [who] });
  const sharesOf = (who: Address) => chain().readContract({ address: shareToken, abi: erc20Abi, functionName: "balanceOf", args: [who] });
  const tabTo = async (target: Locator) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error("Tab never reached the control");
  };
  const openVault = async (index: number) => {
    await useDevAccount(page, index);
    await page.goto(vaultUrl);
    await page.getByTestId("vault-phase").waitFor(VISIBLE);
  };
  const holderRow = (address: Address) => page.locator(`[data-testid="holder-row"][data-wallet="${address}"]`);

  const scenario = stepByStepScenario("fractional-ownership");
  beforeAll(() => {
    ({ platform, page } = scenario);
  });

  it("onboards two future shareholders (#1, #2) and a buyer (#3) through the pages", async () => {
    await openConsole(page, platform.webUrl);
    await onboardThroughPages(page, 1, { name: "Greta Vogel", country: "Germany" });
    await onboardThroughPages(page, 2, { name: "Jeanne Moreau", country: "France" });
    await onboardThroughPages(page, 3, { name: "Luca Bianchi", country: "Italy" });
  }, 420_000);

  it("sets up: the auction house (#0) certifies a work to its own wallet, and the buyers get demo cash", async () => {
    contracts = (await (await fetch(`${platform.webUrl}/deployment.json`)).json()).contracts;
    const contentHash = sha256(stringToHex(METADATA)) as Hex;
    certificateId = BigInt(contentHash);
    const issuer = wallet(0);
    const send = async (request: Parameters<typeof issuer.writeContract>[0]) => {
      const hash = await issuer.writeContract(request);
      expect((await chain().waitForTransactionReceipt({ hash })).status).toBe("success");
    };
    await send({ address: contracts.ArtworkCertificate!, abi: artworkCertificateAbi, functionName: "mint", args: [OWNER, contentHash, "0x0000000000000000000000000000000000000000", 0], chain: null });
    await send({ address: contracts.CashToken!, abi: cashTokenAbi, functionName: "transfer", args: [BUYER, FCASH(10_000n)], chain: null });
    await send({ address: contracts.CashToken!, abi: cashTokenAbi, functionName: "transfer", args: [UNVERIFIED, FCASH(10_000n)], chain: null });
    expect(await chain().readContract({ address: contracts.ArtworkCertificate!, abi: artworkCertificateAbi, functionName: "ownerOf", args: [certificateId] })).toBe(OWNER);
  });

  it("#0 sees the certificate under Fractions and reads what locking it will do", async () => {
    await useDevAccount(page, 0);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fractions" }).click();
    await page.getByRole("heading", { name: "Fractional ownership" }).waitFor(VISIBLE);
    const card = page.getByTestId("owned-certificate");
    await card.waitFor(VISIBLE);
    expect(await card.textContent()).toContain(`0x${certificateId.toString(16).padStart(64, "0")}`);
    await page.getByText("No certificate has been locked yet.").waitFor(VISIBLE);
    await shot("certificates");
    await expectAccessible();
    await card.getByRole("link", { name: "Fractionalise" }).click();
    await page.getByRole("heading", { name: "Fractionalise a certificate" }).waitFor(VISIBLE);

    const form = page.getByRole("form", { name: "Terms of the shares" });
    // Bad terms first: each field says what is wrong and nothing is sent.
    const nonce = await chainNonce(platform.chainPort, OWNER);
    await form.getByLabel("Symbol").fill("dusk");
    await form.getByLabel("Number of shares").fill("12.5");
    await form.getByLabel("Buy-out threshold (%)").fill("0");
    await form.getByRole("button", { name: "Lock the certificate and issue the shares" }).click();
    for (const message of [
      "Enter the share token's name",
      "2 to 11 capital letters or digits, e.g. MONET1",
      "Enter a whole number of shares above zero",
      "A percentage above 0 and at most 100, up to two decimals",
      "Enter an amount",
      "Nothing was sent: correct the fields marked above.",
    ]) {
      await form.getByText(message, { exact: true }).waitFor(VISIBLE);
    }
    expect(await form.getByLabel("Symbol").getAttribute("aria-invalid")).toBe("true");
    expect(await chainNonce(platform.chainPort, OWNER)).toBe(nonce);
    await shot("fractionalise-bad-terms");
    await form.getByLabel("Share token name").fill("Shares of Harbour at Dusk");
    await form.getByLabel("Symbol").fill("DUSK");
    await form.getByLabel("Number of shares").fill("1000");
    await form.getByLabel("Buy-out threshold (%)").fill("50");
    await form.getByLabel("Reserve price per share (FCASH)").fill("5");
    await form.getByLabel("Longest buy-out (days)").fill("30");
    const preview = page.getByTestId("lock-preview");
    await preview.waitFor(VISIBLE);
    const text = (await preview.textContent())!;
    expect(text).toContain("Shares of Harbour at Dusk (DUSK)");
    expect(text).toContain("1,000 DUSK are minted to your wallet");
    expect(text).toContain(`erc721:${contracts.ArtworkCertificate!.toLowerCase()}/${certificateId}`);
    expect(text).toContain(sha256(stringToHex(METADATA)));
    expect(text).toContain("at least 5 FCASH per share");
    expect(text).toContain("once 50 % (500 shares) are tendered");
    expect(await page.getByTestId("lock-obstacles").count()).toBe(0);
    await shot("fractionalise-preview");
    await expectAccessible();
  });

  it("#0 locks the certificate: the vault issues DUSK through the factory and the 1,000 shares are #0's", async () => {
    await page.getByRole("button", { name: "Lock the certificate and issue the shares" }).click();
    await page.getByTestId("tx-confirmed").waitFor(VISIBLE);
    await page.getByRole("link", { name: "vault 1" }).click();
    await page.getByRole("heading", { name: "Vault 1: Shares of Harbour at Dusk (DUSK)" }).waitFor(VISIBLE);
    vaultUrl = page.url();
    expect(await page.getByTestId("vault-phase").textContent()).toContain("Locked: no buy-out is open");
    expect(await page.getByTestId("certificate-holder").textContent()).toBe("The vault (locked)");
    await holderRow(OWNER).waitFor(VISIBLE);
    expect(await holderRow(OWNER).getByTestId("holder-has").textContent()).toBe("Has 1,000 DUSK.");
    const vault = await chain().readContract({ address: contracts.FractionVault!, abi: fractionVaultAbi, functionName: "vaultOf", args: [1n] });
    shareToken = vault.token;
    expect(await chain().readContract({ address: contracts.ArtworkCertificate!, abi: artworkCertificateAbi, functionName: "ownerOf", args: [certificateId] })).toBe(contracts.FractionVault);
    expect(await sharesOf(OWNER)).toBe(1000n);
    await shot("vault-locked");
    await expectAccessible();
  });

  it("the share token is a factory token on the issuer pages, its documents naming the certificate and the metadata hash", async () => {
    await page.getByRole("link", { name: "Shares of Harbour at Dusk (DUSK)" }).click();
    await page.getByRole("heading", { name: "Shares of Harbour at Dusk (DUSK)" }).waitFor(VISIBLE);
    await page.getByTestId("total-supply").filter({ hasText: "1,000 DUSK" }).waitFor(VISIBLE);
    const details = (await page.locator(".details").first().textContent())!;
    expect(details).toContain(`certificate: eip155:31337/erc721:${contracts.ArtworkCertificate!.toLowerCase()}/${certificateId}`);
    expect(details).toContain("metadata: ipfs://");
    await shot("share-token-issuer-page");
  });

  it("#0 sends 600 DUSK to #1 and 400 DUSK to #2 from the portfolio", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Investor" }).click();
    await page.getByRole("navigation", { name: "Investor pages" }).getByRole("link", { name: "Portfolio" }).click();
    const holding = page.getByTestId("holding").filter({ has: page.getByRole("heading", { name: "Shares of Harbour at Dusk (DUSK)" }) });
    await holding.waitFor(VISIBLE);
    const form = page.getByRole("form", { name: "Transfer DUSK" });
    for (const [to, amount] of [[HOLDER_A, "600"], [HOLDER_B, "400"]] as const) {
      await form.getByLabel("Recipient wallet").fill(to);
      await form.getByLabel("Amount (DUSK)").fill(amount);
      await form.getByRole("button", { name: "Send DUSK" }).click();
      await expect.poll(() => sharesOf(to), { timeout: 30_000 }).toBe(BigInt(amount));
    }
    expect(await sharesOf(OWNER)).toBe(0n);
  });

  it("refuses a buy-out below the reserve price in words, and one from an unverified wallet before any approval: nothing is sent", async () => {
    await openVault(3);
    const form = page.getByRole("form", { name: "Offer to buy every share" });
    await form.getByLabel("Price per share (FCASH)").fill("4");
    await form.getByTestId("buyout-preview").filter({ hasText: "This will escrow 4,000 FCASH" }).waitFor(VISIBLE);
    const nonce = await chainNonce(platform.chainPort, BUYER);
    await form.getByRole("button", { name: "Escrow the cash and open the buy-out" }).click();
    await form.getByText("The terms set a reserve price of 5 FCASH per share: a buy-out may not offer less").waitFor(VISIBLE);
    await form.getByText("Nothing was sent: correct the fields marked above.").waitFor(VISIBLE);
    expect(await form.getByLabel("Price per share (FCASH)").getAttribute("aria-invalid")).toBe("true");
    expect(await chainNonce(platform.chainPort, BUYER)).toBe(nonce);
    await shot("buyout-below-reserve");
    await expectAccessible();

    await openVault(4);
    const unverifiedNonce = await chainNonce(platform.chainPort, UNVERIFIED);
    const offer = page.getByRole("form", { name: "Offer to buy every share" });
    await offer.getByLabel("Price per share (FCASH)").fill("6");
    await offer.getByRole("button", { name: "Escrow the cash and open the buy-out" }).click();
    const refusal = offer.getByTestId("restriction");
    await refusal.waitFor(VISIBLE);
    expect(await refusal.textContent()).toContain("only a verified investor the share token accepts can buy the work out");
    expect(await refusal.textContent()).toContain("your wallet was not opened");
    expect(await chainNonce(platform.chainPort, UNVERIFIED)).toBe(unverifiedNonce);
    expect(await cashOf(UNVERIFIED)).toBe(FCASH(10_000n));
    expect(await page.getByTestId("vault-phase").textContent()).toContain("Locked: no buy-out is open");
    await shot("buyout-unverified-refused");
  });

  it("buyer #3 escrows 6,000 FCASH for every share at 6 FCASH, approving the cash first", async () => {
    await openVault(3);
    const form = page.getByRole("form", { name: "Offer to buy every share" });
    await form.getByLabel("Price per share (FCASH)").fill("6");
    await form.getByLabel("Open for (days)").fill("14");
    await form.getByTestId("buyout-preview").filter({ hasText: "This will escrow 6,000 FCASH (1,000 shares × 6 FCASH) from your wallet; you hold 10,000 FCASH." }).waitFor(VISIBLE);
    await form.getByRole("button", { name: "Escrow the cash and open the buy-out" }).click();
    await page.getByTestId("vault-phase").filter({ hasText: "Buy-out open" }).waitFor(VISIBLE);
    expect(await page.getByTestId("escrow-left").textContent()).toContain("6,000 FCASH");
    expect(await page.getByTestId("acquired").textContent()).toContain("0 of 1,000 shares");
    expect(await cashOf(BUYER)).toBe(FCASH(4_000n));
    expect(await holderRow(BUYER).getByTestId("holder-has").textContent()).toBe("Has 6,000 FCASH in escrow.");
    await shot("buyout-open");
    await expectAccessible();
  });

  it("holder #1 sees the offer and tenders 600 DUSK with the keyboard alone: paid 3,600 FCASH at once, and the threshold is reached", async () => {
    await openVault(1);
    expect(await holderRow(HOLDER_A).getByTestId("holder-has").textContent()).toBe("Has 600 DUSK.");
    const form = page.getByRole("form", { name: "Tender your shares" });
    await form.getByTestId("tender-preview").filter({ hasText: "This will send 600 DUSK to the vault and pay you 3,600 FCASH." }).waitFor(VISIBLE);
    await shot("tender-offer");
    await expectAccessible();
    const button = form.getByRole("button", { name: "Tender DUSK" });
    await tabTo(button);
    await page.keyboard.press("Enter");
    await page.getByTestId("vault-phase").filter({ hasText: "Buy-out unconditional" }).waitFor(VISIBLE);
    await holderRow(HOLDER_A).getByTestId("holder-has").filter({ hasText: "Sold 600 shares for 3,600 FCASH." }).waitFor(VISIBLE);
    expect(await cashOf(HOLDER_A)).toBe(FCASH(3_600n));
    expect(await sharesOf(HOLDER_A)).toBe(0n);
  });

  it("holder #2, past the threshold, redeems 400 DUSK and claims exactly 2,400 FCASH", async () => {
    await openVault(2);
    expect(await holderRow(HOLDER_B).getByTestId("holder-has").textContent()).toBe("Has 400 DUSK.");
    await page.getByRole("button", { name: "Redeem 400 DUSK", exact: true }).click();
    await holderRow(HOLDER_B).getByTestId("holder-has").filter({ hasText: "Has 2,400 FCASH to claim; sold 400 shares for 2,400 FCASH." }).waitFor(VISIBLE);
    expect(await sharesOf(HOLDER_B)).toBe(0n);
    await shot("redeemed");
    await expectAccessible();
    await page.getByRole("button", { name: "Claim 2,400 FCASH" }).click();
    await expect.poll(() => cashOf(HOLDER_B), { timeout: 30_000 }).toBe(FCASH(2_400n));
    await expect.poll(() => holderRow(HOLDER_B).getByTestId("holder-has").textContent(), { timeout: 30_000 }).toBe("Sold 400 shares for 2,400 FCASH.");
  });

  it("buyer #3 takes the certificate: the share token is closed and every former holder has exactly the cash for their shares", async () => {
    await openVault(3);
    await page.getByTestId("vault-phase").filter({ hasText: "Every share is acquired" }).waitFor(VISIBLE);
    await page.getByRole("button", { name: "Release the certificate to my wallet" }).click();
    await page.getByTestId("vault-phase").filter({ hasText: "Released" }).waitFor(VISIBLE);
    expect(await page.getByTestId("certificate-holder").textContent()).toBe("The buyer (released)");
    expect(await page.getByTestId("share-supply").textContent()).toBe("0 DUSK");
    expect(await chain().readContract({ address: contracts.ArtworkCertificate!, abi: artworkCertificateAbi, functionName: "ownerOf", args: [certificateId] })).toBe(BUYER);
    expect(await cashOf(HOLDER_A)).toBe(FCASH(3_600n));
    expect(await cashOf(HOLDER_B)).toBe(FCASH(2_400n));
    expect(await cashOf(BUYER)).toBe(FCASH(4_000n));
    expect(await chain().readContract({ address: contracts.FractionVault!, abi: fractionVaultAbi, functionName: "cashOwed", args: [contracts.CashToken!] })).toBe(0n);
    expect(await cashOf(contracts.FractionVault!)).toBe(0n);
    for (const who of [OWNER, HOLDER_A, HOLDER_B, BUYER]) expect(await sharesOf(who)).toBe(0n);
    await holderRow(HOLDER_A).getByTestId("holder-has").filter({ hasText: "Sold 600 shares for 3,600 FCASH." }).waitFor(VISIBLE);
    await holderRow(BUYER).getByTestId("holder-has").filter({ hasText: "Bought 1,000 shares; holds the certificate." }).waitFor(VISIBLE);
    await shot("released");
    await expectAccessible();
  });

  it("a second work: #0 locks it, buyer #3 opens a buy-out and cancels it before the threshold; #3 claims the escrow back and #0 keeps every share", async () => {
    const contentHash = sha256(stringToHex(`${METADATA} (study)`)) as Hex;
    const hash = await wallet(0).writeContract({ address: contracts.ArtworkCertificate!, abi: artworkCertificateAbi, functionName: "mint", args: [OWNER, contentHash, "0x0000000000000000000000000000000000000000", 0], chain: null });
    expect((await chain().waitForTransactionReceipt({ hash })).status).toBe("success");
    await useDevAccount(page, 0);
    await page.goto(`${platform.webUrl}/fractions`);
    await page.getByTestId("owned-certificate").getByRole("link", { name: "Fractionalise" }).click();
    const form = page.getByRole("form", { name: "Terms of the shares" });
    await form.getByLabel("Share token name").fill("Shares of Harbour at Dusk, study");
    await form.getByLabel("Symbol").fill("DUSKS");
    await form.getByLabel("Number of shares").fill("100");
    await form.getByLabel("Reserve price per share (FCASH)").fill("5");
    await page.getByRole("button", { name: "Lock the certificate and issue the shares" }).click();
    await page.getByRole("link", { name: "vault 2" }).click();
    await page.getByRole("heading", { name: "Vault 2: Shares of Harbour at Dusk, study (DUSKS)" }).waitFor(VISIBLE);
    const secondVault = page.url();

    await useDevAccount(page, 3);
    await page.goto(secondVault);
    const offer = page.getByRole("form", { name: "Offer to buy every share" });
    await offer.getByLabel("Price per share (FCASH)").fill("5");
    await offer.getByRole("button", { name: "Escrow the cash and open the buy-out" }).click();
    await page.getByTestId("vault-phase").filter({ hasText: "Buy-out open" }).waitFor(VISIBLE);
    expect(await cashOf(BUYER)).toBe(FCASH(3_500n));
    await page.getByRole("button", { name: "Cancel the buy-out" }).click();
    await page.getByTestId("vault-phase").filter({ hasText: "Locked: no buy-out is open" }).waitFor(VISIBLE);
    await holderRow(BUYER).getByTestId("holder-has").filter({ hasText: "Has 500 FCASH to claim." }).waitFor(VISIBLE);
    expect(await holderRow(OWNER).getByTestId("holder-has").textContent()).toBe("Has 100 DUSKS.");
    await shot("cancelled");
    await expectAccessible();
    await page.getByRole("button", { name: "Claim 500 FCASH" }).click();
    await expect.poll(() => cashOf(BUYER), { timeout: 30_000 }).toBe(FCASH(4_000n));
    expect(await chain().readContract({ address: contracts.FractionVault!, abi: fractionVaultAbi, functionName: "cashOwed", args: [contracts.CashToken!] })).toBe(0n);
    await page.goto(vaultUrl);
    await page.getByTestId("vault-phase").filter({ hasText: "Released" }).waitFor(VISIBLE);
  });

  it("fits the vault page, the fractionalise page and the list on a 390 px wide screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(vaultUrl);
    await page.getByTestId("vault-phase").filter({ hasText: "Released" }).waitFor(VISIBLE);
    await fitsPhone();
    await shot("vault-390px");
    await page.getByRole("link", { name: "← Fractional ownership" }).click();
    const first = page.getByTestId("vault-row").filter({ hasText: "Vault 1" });
    await first.waitFor(VISIBLE);
    expect(await first.textContent()).toContain("Released to the buyer");
    expect(await page.getByTestId("vault-row").filter({ hasText: "Vault 2" }).textContent()).toContain("Locked");
    await page.getByTestId("owned-certificate").waitFor(VISIBLE);
    await fitsPhone();
    await shot("fractions-390px");
    await page.getByTestId("owned-certificate").getByRole("link", { name: "Fractionalise" }).click();
    await page.getByRole("form", { name: "Terms of the shares" }).waitFor(VISIBLE);
    // The buyer holds the certificate now but is no curator: the page says so before anything is sent.
    await page.getByTestId("lock-obstacles").filter({ hasText: "This wallet is not a curator of the vault" }).waitFor(VISIBLE);
    await fitsPhone();
    await shot("fractionalise-390px");
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
