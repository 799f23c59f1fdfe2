import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { screenshots, seriousViolations } from "../support/console-page.ts";
import { devAccount } from "../support/sign-in.ts";
import { png } from "../server/artworks/artwork-fixtures.ts";
import { certificateChain, registerArtwork, signInOverHttp, type ApiAccess } from "../server/artworks/certificate-fixture.ts";
import { stepByStepScenario } from "./support/scenario.ts";

const ISSUER = 0;
const ARTIST_ESTATE = 3;
const STATUS_STOLEN = 3;
const CERTIFICATE = `query($c: Address!, $t: BigInt!) { certificate(collection: $c, tokenId: $t) { status } }`;
const INDEXED_TO = `query($c: Address!, $t: BigInt!) { certificate(collection: $c, tokenId: $t) { indexedBlock } }`;

describe.skipIf(!chromiumAvailable())("artwork verification page", () => {
  const scenario = stepByStepScenario("artwork-verify");
  const shot = screenshots("artwork-verify");
  let page: Page;
  let api: ApiAccess;
  let issuerHeaders: Record<string, string>;
  let chain: ReturnType<typeof certificateChain>;
  let artwork: Awaited<ReturnType<typeof registerArtwork>>;
  let tokenId: bigint;
  let verifyUrl: string;
  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);

  async function graphql(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(`${scenario.platform.webUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: any[] };
  }
  /** Waits until the platform's indexer shows the certificate with `status`. */
  async function indexed(status: string) {
    await expect.poll(async () => (await graphql(CERTIFICATE, { c: artwork.collection, t: tokenId.toString() })).data?.certificate?.status, { timeout: 30_000 }).toBe(status);
  }
  const checks = () => page.getByTestId("verification-checks").locator("li");
  const imageFile = (sha256: string) => path.join(scenario.platform.dataDir, "artworks", "files", sha256.slice(0, 2), sha256);

  it("an auction house certifies a work with two images (GraphQL and its wallet's transaction)", async () => {
    page = scenario.page;
    const { webUrl, chainPort } = scenario.platform;
    api = { url: `${webUrl}/graphql`, fetch: (url, init) => fetch(url, init) };
    issuerHeaders = await signInOverHttp(webUrl, devAccount(ISSUER));
    artwork = await registerArtwork(api, issuerHeaders, {
      artist: "Sonia Delaunay", title: "Rythme couleur", year: 1964, medium: "Gouache on paper", dimensions: "50 × 65 cm",
      inscriptions: "Signed lower right", description: "Concentric discs in primary colours.",
    }, [
      { bytes: await png(480, 360, "#c0392b"), name: "front.png", type: "image/png" },
      { bytes: await png(300, 300, "#2c3e50"), name: "back.png", type: "image/png" },
    ]);
    chain = certificateChain(`http://127.0.0.1:${chainPort}`, artwork.collection);
    ({ tokenId } = await chain.mint(api, { account: devAccount(ISSUER), headers: issuerHeaders }, artwork.id));
    await chain.send(devAccount(ARTIST_ESTATE), "attest", [tokenId, 1, chain.docHash("estate letter of authenticity"), 1n]);
    const lot = `0x${Buffer.from("42").toString("hex").padEnd(32, "0")}`;
    const sale = await chain.send(devAccount(ISSUER), "recordSale", [tokenId, 20261115, 4_800_000_00n, "0x555344", lot, chain.docHash("sale invoice")]);
    await indexed("ACTIVE");
    // The mint's block is indexed before the attestation's and the sale's: the page must find all three.
    await expect.poll(async () => (await graphql(INDEXED_TO, { c: artwork.collection, t: tokenId.toString() })).data?.certificate?.indexedBlock ?? 0, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(sale.block);
    verifyUrl = `${webUrl}/verify/${artwork.collection}/0x${artwork.metadataSha256}`;
  });

  it("opens from the label's URL for a visitor without a wallet, phone-sized: every file verified green", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(verifyUrl);
    await expect.poll(() => page.getByTestId("verification-summary").textContent(), { timeout: 20_000 }).toContain("Verified");
    await expect.poll(() => checks().count()).toBe(4);
    expect(await checks().evaluateAll((items) => items.map((i) => i.getAttribute("data-state")))).toEqual(["verified", "verified", "verified", "verified"]);
    expect(await page.getByTestId("hash-source").textContent()).toContain("read from the chain by this browser");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Rythme couleur");
    expect(await page.getByTestId("certificate-status").textContent()).toContain("Active");
    expect(await page.getByRole("region", { name: "Attestations" }).textContent()).toContain(`Artist or estate ${devAccount(ARTIST_ESTATE).address}`);
    expect(await page.getByRole("region", { name: "Provenance" }).textContent()).toContain("Sale 2026-11-15 · USD 4,800,000 · lot 42");
    // No wallet, no session: nothing here asks the visitor to connect or sign.
    expect(await page.getByRole("button", { name: "Connect wallet" }).count()).toBe(0);
    expect(await page.getByTestId("session").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible();
    await shot(page, "verified-390px");
  });

  it("accepts the token id in decimal too", async () => {
    await page.goto(`${scenario.platform.webUrl}/verify/${artwork.collection}/${tokenId}`);
    await expect.poll(() => page.getByTestId("verification-summary").textContent(), { timeout: 20_000 }).toContain("Verified");
    await page.goto(`${scenario.platform.webUrl}/verify/${artwork.collection}/0x12`);
    expect(await page.getByRole("alert").textContent()).toContain("This verification link is not valid");
    await expectAccessible();
  });

  it("turns red naming the image when the stored image file is changed on disk, and green again once restored", async () => {
    const file = imageFile(artwork.images[1]!.sha256);
    const original = fs.readFileSync(file);
    try {
      fs.writeFileSync(file, await png(300, 300, "#2c3e51"));
      await page.goto(verifyUrl);
      const summary = page.getByTestId("verification-summary");
      await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain("Does not match");
      expect(await summary.textContent()).toContain(`Image 2 of 2 (${artwork.images[1]!.sha256.slice(0, 12)}…)`);
      expect(await checks().evaluateAll((items) => items.map((i) => i.getAttribute("data-state")))).toEqual(["verified", "verified", "verified", "mismatch"]);
      expect(await checks().nth(3).textContent()).toContain("Does not match");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectAccessible();
      await shot(page, "tampered-image");
    } finally {
      fs.writeFileSync(file, original);
    }
    // Checked again from the keyboard alone: Tab to "Check again", Enter.
    const again = page.getByRole("button", { name: "Check again" });
    for (let i = 0; i < 30 && !(await again.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("verification-summary").textContent(), { timeout: 20_000 }).toContain("Verified");
    await shot(page, "restored-by-keyboard");
  });

  it("turns red naming the metadata file when the served metadata is altered", async () => {
    // The canonical metadata is kept in the platform's database, not a file: the altered copy is served in its place.
    const original = await (await fetch(artwork.metadataUrl)).text();
    const altered = original.replace("Rythme couleur", "Rythme couleur (attributed)");
    expect(altered).not.toBe(original);
    await page.route(artwork.metadataUrl, (route) => route.fulfill({ status: 200, contentType: "application/json", body: altered }));
    try {
      await page.goto(verifyUrl);
      const summary = page.getByTestId("verification-summary");
      await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain("Does not match");
      expect(await summary.textContent()).toContain(`Metadata file ${artwork.metadataCid}.json`);
      expect(await checks().first().getAttribute("data-state")).toBe("mismatch");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectAccessible();
      await shot(page, "tampered-metadata");
    } finally {
      await page.unroute(artwork.metadataUrl);
    }
  });

  it("shows a certificate reported stolen prominently, in red", async () => {
    await chain.send(devAccount(ISSUER), "setStatus", [tokenId, STATUS_STOLEN, 0, chain.docHash("police report 2026/118")]);
    await indexed("STOLEN");
    await page.goto(verifyUrl);
    const status = page.getByTestId("certificate-status");
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain("Reported stolen");
    expect(await status.getAttribute("role")).toBe("alert");
    expect(await status.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(164, 22, 26)");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible();
    await shot(page, "stolen-390px");
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, "stolen-desktop");
  });
});
