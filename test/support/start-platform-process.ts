import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/local-chain.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface PlatformProcess {
  webUrl: string;
  chainPort: number;
  child: ChildProcess;
  output(): string;
  /** Sends Ctrl-C to the whole process group, as a terminal does, and waits for the exit code. */
  interrupt(): Promise<number | null>;
  dataDir: string;
  cleanup(): void;
}

/** Runs `npm start`'s entry point exactly as `npm start` does, on free ports and a temporary data directory. */
export async function startPlatformProcess(options: { dataDir?: string } = {}): Promise<PlatformProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "folio-data-"));
  const deploymentsDir = path.join(dataDir, "deployments");
  const [port, chainPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.mts"], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: String(port), FOLIO_CHAIN_PORT: String(chainPort), FOLIO_DATA_DIR: dataDir, FOLIO_DEPLOYMENTS_DIR: deploymentsDir, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const deadline = Date.now() + 120_000;
  while (!output.includes("Ctrl-C stops everything")) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    webUrl: `http://127.0.0.1:${port}`,
    chainPort,
    child,
    dataDir,
    output: () => output,
    async interrupt() {
      process.kill(-child.pid!, "SIGINT");
      return exited;
    },
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** True when no process of the group started for the platform is left. */
export function processGroupGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}
