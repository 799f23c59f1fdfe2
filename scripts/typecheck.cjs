#!/usr/bin/env node
// `npm run typecheck`: the three TypeScript projects (scripts and contract tests, server, web) checked side by
// side; each prints its own errors, and the command fails if any project fails.
const { spawn } = require("node:child_process");
const path = require("node:path");

const tsc = require.resolve("typescript/bin/tsc");
const projects = ["tsconfig.json", "server/tsconfig.json", "web/tsconfig.json"];
const root = path.resolve(__dirname, "..");

Promise.all(
  projects.map(
    (project) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [tsc, "-p", project], { cwd: root, stdio: "inherit" });
        child.on("close", (code) => resolve(code === 0 ? null : project));
      }),
  ),
).then((failed) => {
  const bad = failed.filter(Boolean);
  if (bad.length) {
    console.error(`typecheck failed: ${bad.join(", ")}`);
    process.exit(1);
  }
});
