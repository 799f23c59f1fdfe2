import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.FOLIO_CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_MISSING =
  `Chromium not found at ${CHROMIUM_PATH}: the browser tests are skipped. ` +
  "Install it with `apt-get install -y --no-install-recommends chromium` (or set FOLIO_CHROMIUM_PATH).";

/** True when the browser tests can run; under CI a missing Chromium is an error, not a skip. */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`CI requires Chromium. ${CHROMIUM_MISSING}`);
  console.warn(`\n⚠ ${CHROMIUM_MISSING}\n`);
  return false;
}

/** Debian's Chromium, headless, with every background connection off (the machine has no open internet). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
