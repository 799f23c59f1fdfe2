// `npm run report:reliability`: runs every part of the reliability report at full depth, then writes
// docs/RELIABILITY.md. `-- --render` only rewrites the page from each part's last results; `-- --only a,b` runs
// those parts (by key) and renders all.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PARTS } from "./lib/reliability/parts.ts";
import { renderReliability } from "./lib/reliability/render.ts";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1]!.split(",") : null;

/** What the issue asks for that no part measures yet; each leaves this list when its part lands. */
const PENDING: string[] = [
];

const failed = new Set<string>();
if (!args.includes("--render")) {
  for (const part of PARTS.filter((p) => !only || only.includes(p.key))) {
    console.log(`\n== ${part.title}: ${part.command}`);
    const [command, ...rest] = part.command.split(" ");
    const env = { ...process.env, ...Object.fromEntries(Object.entries(part.env ?? {}).map(([k, v]) => [k, path.join(root, v)])) };
    const run = spawnSync(command!, rest, { cwd: root, stdio: "inherit", env });
    if (run.status !== 0) failed.add(part.key);
  }
}
// A part whose command failed in this run is reported as failed, whatever figure it wrote before failing.
const results = PARTS.map((part) => {
  const result = part.read(root);
  return { part, result: result && failed.has(part.key) ? { ...result, figure: `the last run failed (\`${part.command}\`); before failing: ${result.figure}`, met: false } : result };
});
fs.writeFileSync(path.join(root, "docs/RELIABILITY.md"), renderReliability(results, PENDING));
for (const { part, result } of results) console.log(`${part.key}: ${result ? `${result.figure} (${result.met ? "met" : "not met"})` : "not measured"}`);
console.log("Wrote docs/RELIABILITY.md");
