import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../../scripts/lib/local-chain.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  url: string;
  /** The server's latest log lines (JSON), for a failure report. */
  output(): string;
  /** CPU seconds used so far by the server's processes (the primary and its workers), from /proc; null elsewhere. */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

/**
 * Runs the server under test as `npm start` runs it in production (server/src/main.ts, FOLIO_WORKERS processes), in
 * its own process tree, so the load generator does not share its event loop or its thread.
 */
export async function startServerProcess(options: { env: Record<string, string>; workers: number; dataDir: string }): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env, ...options.env,
      HOST: "127.0.0.1", PORT: String(port), FOLIO_WORKERS: String(options.workers), FOLIO_DATA_DIR: options.dataDir,
      FOLIO_WEB_DIST: path.join(options.dataDir, "no-web"), LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Ready when the process that owns the port says so: the only server, or the primary once every worker listens.
  let output = "";
  let ready = false;
  const read = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (ready) return;
    for (const line of output.split("\n")) {
      if (line.includes('"msg":"server listening"') && (options.workers === 1 || line.includes(`"workers":${options.workers}`))) ready = true;
    }
  };
  child.stdout!.on("data", read);
  child.stderr!.on("data", read);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it listened:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not listen within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    output: () => output,
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function treeCpuSeconds(pid: number): number | null {
  if (!fs.existsSync(`/proc/${pid}/stat`)) return null;
  let ticks = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a worker that just exited
    }
  }
  return ticks / 100;
}
