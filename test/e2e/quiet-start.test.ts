import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** A line a new user reads as something gone wrong. */
const WARNING_LINE = /^.*\b(warn|warning)\b.*$/im;

/** A project folder with the real ensure-install script and an `npm` that prints what real npm prints on Node 20. */
function fakeProject(options: { npmExit?: number; engines?: string } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-install-"));
  fs.mkdirSync(path.join(dir, "scripts"));
  fs.copyFileSync(path.join(ROOT, "scripts/ensure-install.cjs"), path.join(dir, "scripts/ensure-install.cjs"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "probe", engines: { node: options.engines ?? ">=20.19" } }));
  fs.writeFileSync(path.join(dir, "package-lock.json"), "{}");
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, "npm"),
    [
      "#!/bin/sh",
      `echo "$@" > "${dir}/npm-args"`,
      `echo "$npm_config_loglevel $npm_config_nodedir" > "${dir}/npm-env"`,
      "echo 'npm warn EBADENGINE Unsupported engine { package: \"@whatwg-node/server@0.10.17\", required: { node: \">=22.15\" } }' >&2",
      "echo 'npm warn Unknown project config \"nodedir\". This will stop working in the next major version of npm.' >&2",
      "echo 'added 812 packages in 41s'",
      `mkdir -p "${dir}/node_modules"`,
      `exit ${options.npmExit ?? 0}`,
    ].join("\n"),
    { mode: 0o755 },
  );
  const run = () => {
    const result = spawnSync(process.execPath, ["scripts/ensure-install.cjs"], {
      cwd: dir,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, npm_config_nodedir: "" },
      encoding: "utf8",
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  return { dir, run, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe("a quiet first start", () => {
  it("installs dependencies with one line of output, npm's harmless warnings left out", () => {
    const project = fakeProject();
    try {
      const first = project.run();
      expect(first.status).toBe(0);
      expect(first.output).toMatch(/^folio: installing dependencies from package-lock\.json \(npm ci\)… done in \d+ s\n$/);
      expect(first.output).not.toMatch(WARNING_LINE);
      expect(fs.readFileSync(path.join(project.dir, "npm-args"), "utf8")).toContain("ci --no-audit --no-fund --loglevel=error");
      // Native builds get the headers installed with Node instead of downloading them.
      const nodeDir = path.resolve(path.dirname(process.execPath), "..");
      const expectedNodeDir = fs.existsSync(path.join(nodeDir, "include/node/node.h")) ? nodeDir : "";
      expect(fs.readFileSync(path.join(project.dir, "npm-env"), "utf8").trim()).toBe(`error ${expectedNodeDir}`.trim());
      expect(project.run()).toEqual({ status: 0, output: "" });
    } finally {
      project.cleanup();
    }
  });

  it("shows npm's whole output when the install fails, and stops", () => {
    const project = fakeProject({ npmExit: 1 });
    try {
      const result = project.run();
      expect(result.status).toBe(1);
      expect(result.output).toContain("… failed");
      expect(result.output).toContain("npm warn EBADENGINE");
      expect(fs.existsSync(path.join(project.dir, "node_modules/.folio-install-hash"))).toBe(false);
    } finally {
      project.cleanup();
    }
  });

  it("says once when Node is older than Folio needs", () => {
    const project = fakeProject({ engines: ">=99.1" });
    try {
      const result = project.run();
      expect(result.output).toMatch(new RegExp(`^folio: Node ${process.versions.node} is older than Folio needs \\(>=99\\.1\\)`, "m"));
      expect(result.output.match(/older than Folio needs/g)).toHaveLength(1);
    } finally {
      project.cleanup();
    }
  });

  it("keeps solc's transient-storage note for OpenZeppelin's TransientSlot out of the build, and no other message", () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/hardhat/internal/cli/bootstrap.js"), "run", "test/e2e/support/compiler-notes-probe.ts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    // solc did report the note for both files; only OpenZeppelin's is left out.
    expect(output).toContain(`solc messages for ${"@openzeppelin/contracts/utils/TransientSlot.sol"}: @openzeppelin/contracts/utils/TransientSlot.sol`);
    expect(output).toContain(`solc messages for ${"contracts/probe/OwnTransient.sol"}: contracts/probe/OwnTransient.sol`);
    expect(output).not.toMatch(/-->\s*@openzeppelin\//);
    expect(output).toMatch(/-->\s*contracts\/probe\/OwnTransient\.sol:4:/);
    expect(output.match(/Transient storage as defined by EIP-1153/g)).toHaveLength(1);
  });
});
