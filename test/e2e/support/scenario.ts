import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { launchChromium } from "../../support/browser.ts";
import { screenshots } from "../../support/console-page.ts";
import { processGroupGone, startPlatformProcess, type PlatformProcess } from "../../support/start-platform-process.ts";

export interface Scenario {
  platform: PlatformProcess;
  browser: Browser;
  page: Page;
}

/**
 * A browser scenario whose steps build on each other: the platform started as `npm start` starts it, Chromium with
 * one page, a screenshot of the failing step, and the steps after a failed one skipped rather than timing out one by
 * one. Register it at the top of a `describe`; its fields are set once `beforeAll` has run.
 */
export function stepByStepScenario(name: string, options: { defaultTimeout?: number; acceptDownloads?: boolean } = {}): Scenario {
  const scenario = {} as Scenario;
  const shot = screenshots(name);
  let failed = false;
  beforeAll(async () => {
    scenario.platform = await startPlatformProcess();
    scenario.browser = await launchChromium();
    // axe-core needs a page of a context the test created.
    const context = await scenario.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: options.acceptDownloads ?? false });
    scenario.page = await context.newPage();
    if (options.defaultTimeout) scenario.page.setDefaultTimeout(options.defaultTimeout);
  });
  beforeEach((context) => {
    if (failed) context.skip();
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== "fail") return;
    failed = true;
    await shot(scenario.page, "failed");
  });
  afterAll(async () => {
    await scenario.browser?.close();
    const { platform } = scenario;
    if (platform) {
      if (!processGroupGone(platform.child.pid!)) await platform.interrupt();
      platform.cleanup();
    }
  });
  return scenario;
}
