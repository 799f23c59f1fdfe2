#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs the exact dependencies of package-lock.json with `npm ci` when
// node_modules is missing or was installed from a different lockfile. Uses nothing but Node itself.
//
// The install is quiet: npm's warnings here are harmless on this stack (some @whatwg-node packages declare Node
// 22.15 but feature-detect on Node 20; deprecation notes of transitive packages; install scripts of esbuild, keccak
// and secp256k1 that pick a prebuilt binary), so it prints one line, and npm's whole output only when it fails.
const { spawnSync } = require("node:child_process");
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

/**
 * The environment for `npm ci`. A native build (node-gyp) needs Node's headers and would try to download them: point
 * it at the headers installed with Node (e.g. /usr/include/node on Debian) when they are there.
 */
function installEnv() {
  const env = { ...process.env, npm_config_loglevel: "error", npm_config_fund: "false", npm_config_audit: "false" };
  const nodeDir = path.resolve(path.dirname(process.execPath), "..");
  if (!env.npm_config_nodedir && fs.existsSync(path.join(nodeDir, "include", "node", "node.h"))) env.npm_config_nodedir = nodeDir;
  return env;
}

/** Says once, before anything else, when this Node is older than package.json's `engines` (a `>=X.Y` range). */
function checkNodeVersion() {
  const wanted = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).engines || {}).node || "";
  const match = /^>=\s*(\d+)(?:\.(\d+))?/.exec(wanted);
  if (!match) return;
  const [major, minor] = process.versions.node.split(".").map(Number);
  const [needMajor, needMinor] = [Number(match[1]), Number(match[2] || 0)];
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return;
  console.error(`folio: Node ${process.versions.node} is older than Folio needs (${wanted}): install a newer Node, or expect failures`);
}

checkNodeVersion();
const installed = fs.existsSync(marker) ? fs.readFileSync(marker, "utf8").trim() : "";
if (installed !== hash) {
  const started = Date.now();
  process.stdout.write("folio: installing dependencies from package-lock.json (npm ci)… ");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, env: installEnv(), encoding: "utf8" });
  if (result.status !== 0) {
    process.stdout.write("failed\n");
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) + "\n" : ""}`);
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(marker, hash + "\n");
  process.stdout.write(`done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
