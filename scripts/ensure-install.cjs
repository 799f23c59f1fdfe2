#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs the exact dependencies of package-lock.json with `npm ci` when
// node_modules is missing or was installed from a different lockfile. Uses nothing but Node itself.
const { execSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const marker = path.join(root, "node_modules", ".folio-install-hash");
const hash = crypto
  .createHash("sha256")
  .update(fs.readFileSync(path.join(root, "package.json")))
  .update(fs.readFileSync(path.join(root, "package-lock.json")))
  .digest("hex");

const installed = fs.existsSync(marker) ? fs.readFileSync(marker, "utf8").trim() : "";
if (installed !== hash) {
  console.log("folio: installing dependencies from package-lock.json (npm ci)…");
  execSync("npm ci --no-audit --no-fund", { cwd: root, stdio: "inherit" });
  fs.writeFileSync(marker, hash + "\n");
}
