import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * A throw-away copy of the repository under /tmp (tracked and new files, node_modules linked), where mutants are
 * written, compiled and tested: the developer's tree and its artifacts are never touched.
 */
export class Sandbox {
  readonly dir: string;
  private running: ChildProcess | null = null;

  private constructor(private readonly root: string) {
    this.dir = path.join("/tmp", `folio-mutation-${process.pid}`);
  }

  static create(root: string): Sandbox {
    const box = new Sandbox(root);
    fs.rmSync(box.dir, { recursive: true, force: true });
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" })
      .split("\0")
      // The contract tests need neither the web app nor the server.
      .filter((f) => f && !f.startsWith("web/") && !f.startsWith("server/") && fs.existsSync(path.join(root, f)));
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(box.dir, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(box.dir, f));
    }
    fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(box.dir, "node_modules"));
    return box;
  }

  write(file: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, file), text);
  }

  /** Puts the developer's version of a file back (after a mutant, or to pick up a test written since). */
  restore(file: string): void {
    fs.copyFileSync(path.join(this.root, file), path.join(this.dir, file));
  }

  /** Hardhat's incremental compile: only the changed file and the files that import it are recompiled. */
  compile(timeoutMs: number): Promise<Run> {
    return this.run(["compile", "--quiet", "--no-typechain"], timeoutMs);
  }

  /** The files' tests against the last compile, stopping at the first failure. */
  test(files: string[], timeoutMs: number): Promise<Run> {
    return this.run(["test", "--no-compile", "--bail", ...files], timeoutMs);
  }

  /** Stops a compile or test still running (an interrupted run) and deletes the copy. */
  remove(): void {
    if (this.running && this.running.exitCode === null && this.running.signalCode === null) process.kill(-this.running.pid!, "SIGKILL");
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private run(args: string[], timeoutMs: number): Promise<Run> {
    const started = performance.now();
    return new Promise((resolve) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // The invariant suites take their seed from here (their own parameters override fast-check's global one).
        FOLIO_INVARIANT_SEED: "20261202",
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(this.root, "scripts/lib/mutation/fixed-seed.cjs")}`.trim(),
      };
      // The sandbox's own artifacts, whatever the caller's shell points at.
      delete env.FOLIO_ARTIFACTS_DIR;
      // Hardhat's own entry point: npx would add a second Node process per call on an already loaded machine.
      const child = spawn(process.execPath, [path.join(this.dir, "node_modules/hardhat/internal/cli/bootstrap.js"), ...args], { cwd: this.dir, detached: true, env });
      this.running = child;
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d));
      child.stderr.on("data", (d: Buffer) => (output += d));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        process.kill(-child.pid!, "SIGKILL");
      }, timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ ok: code === 0 && !timedOut, timedOut, output, seconds: (performance.now() - started) / 1000 });
      });
    });
  }
}

export interface Run {
  ok: boolean;
  timedOut: boolean;
  output: string;
  seconds: number;
}

/** The first failing test of a mocha report: its file and its full title. */
export function firstFailure(output: string): string | null {
  const lines = output.split("\n");
  // Mocha names the failure twice, as it happens and in the summary; the summary (the last) has the full title.
  const start = lines.map((l) => /^\s+1\) /.test(l)).lastIndexOf(true);
  if (start < 0) return null;
  const title = [lines[start]!.replace(/^\s+1\) /, "").trim()];
  for (let k = start + 1; k < lines.length && !title.at(-1)!.endsWith(":"); k++) title.push(lines[k]!.trim());
  // The first test file in the stack (a fixture's frame may come before it).
  const file = output.slice(output.indexOf(lines[start]!)).match(/(test\/contracts\/[^\s:)]+\.test\.ts)/)?.[1];
  const name = title.join(" › ").replace(/:$/, "");
  return file ? `${file} › ${name}` : name;
}
