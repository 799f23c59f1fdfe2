import fs from "node:fs";
import path from "node:path";
import { findNamedTests, renderChecklist, uncoveredItems } from "./lib/security-checklist";

// `npm run checklist` rewrites docs/SECURITY-CHECKLIST.md; `-- --check` only says whether it is current.
const root = path.resolve(__dirname, "..");
const target = path.join(root, "docs/SECURITY-CHECKLIST.md");
const found = findNamedTests(root);
const text = renderChecklist(found);
if (process.argv.includes("--check")) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (current !== text) {
    console.error("docs/SECURITY-CHECKLIST.md is out of date: run npm run checklist");
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
}
const missing = uncoveredItems(found);
console.log(`security checklist: ${found.size} items named by tests${missing.length ? `; missing: ${missing.join(", ")}` : ", none missing"}`);
