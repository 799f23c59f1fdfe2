import fs from "node:fs";

/**
 * With FOLIO_RELIABILITY_RESULTS set (`npm run report:reliability` sets it), a suite keeps its summary in that JSON
 * file under `key`, so the report quotes what the suite measured; without it this does nothing.
 */
export function recordReliabilityResult(key: string, summary: Record<string, unknown>): void {
  const file = process.env.FOLIO_RELIABILITY_RESULTS;
  if (!file) return;
  const results = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  results[key] = { ...summary, measuredAt: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
