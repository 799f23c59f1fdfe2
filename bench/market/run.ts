// `npm run bench:market`: the market's figures with the keys, printed as a table and written to
// bench/results/market.json. Today it measures the matching engine (engineOrdersPerSec, bookBytesPerOrder); the
// settlement gas and the intake/settlement rates join it as those parts land.
import fs from "node:fs";
import path from "node:path";
import { measureEngine } from "./engine.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TARGETS: Record<string, { target: number; better: "higher" | "lower" }> = {
  engineOrdersPerSec: { target: 300_000, better: "higher" },
  bookBytesPerOrder: { target: 1_024, better: "lower" },
};

const figures = measureEngine();
const rows = Object.entries(figures).map(([key, value]) => {
  const t = TARGETS[key];
  const met = t ? (t.better === "higher" ? value >= t.target : value <= t.target) : null;
  return { key, value, target: t ? `${t.better === "higher" ? "≥" : "≤"} ${t.target.toLocaleString("en")}` : "", met: met === null ? "" : met ? "yes" : "NO" };
});
console.table(rows);
const out = path.join(ROOT, "bench/results/market.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ ...figures, measuredAt: new Date().toISOString(), node: process.version }, null, 2)}\n`);
console.log(`Wrote ${path.relative(ROOT, out)}`);
