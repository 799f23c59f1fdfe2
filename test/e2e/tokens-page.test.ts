import net from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "../support/browser.ts";
import { processGroupGone, startPlatformProcess, type PlatformProcess } from "../support/start-platform-process.ts";

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

describe.runIf(chromiumAvailable())("npm start in a real browser", () => {
  let platform: PlatformProcess;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startPlatformProcess();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (platform && !processGroupGone(platform.child.pid!)) process.kill(-platform.child.pid!, "SIGKILL");
    platform?.cleanup();
  });

  it("prints the URLs and the dev accounts", () => {
    expect(platform.output()).toContain(`Web UI      ${platform.webUrl}/`);
    expect(platform.output()).toContain("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  });

  it("shows the deployed token on the page", async () => {
    const page = await browser.newPage();
    await page.goto(platform.webUrl);
    const row = page.getByTestId("token-row").first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("Folio Demo Share");
    expect(await row.textContent()).toContain("1,000,000");
    await page.close();
  });

  it("keeps the chain and its deployment across a restart, and Ctrl-C leaves no process behind", async () => {
    const pid = platform.child.pid!;
    expect(await platform.interrupt()).toBe(0);
    expect(processGroupGone(pid)).toBe(true);
    expect(await portOpen(platform.chainPort)).toBe(false);

    platform = await startPlatformProcess({ dataDir: platform.dataDir });
    expect(platform.output()).toContain("state restored");
    const response = await fetch(`${platform.webUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ tokens { symbol } }" }),
    });
    expect(await response.json()).toEqual({ data: { tokens: [{ symbol: "FDS" }] } });
    expect(await platform.interrupt()).toBe(0);
  });
});
