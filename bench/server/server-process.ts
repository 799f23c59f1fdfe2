import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../../scripts/lib/local-chain.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  url: string;
  /** The server's latest log lines (JSON), for a failure report. */
  output(): string;
  /** Log lines at warn level or above since start (the latest 200), and how many there were. */
  warnings(): { count: number; latest: string[] };
  /** CPU seconds used so far by the server's processes (the primary and its workers), from /proc; null elsewhere. */
  cpuSeconds(): number | null;
  /**
   * The server's heap after a forced full collection, in bytes (server/src/heap-probe.ts): needs `nodeArgs:
   * ["--expose-gc"]` and one server process.
   */
  heapAfterGc(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs the server under test as `npm start` runs it in production (server/src/main.ts, FOLIO_WORKERS processes), in
 * its own process tree, so the load generator does not share its event loop or its thread.
 */
export async function startServerProcess(options: { env: Record<string, string>; workers: number; dataDir: string; nodeArgs?: string[] }): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server/src/main.ts"], {
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
  let partial = "";
  const heapWaiters: ((bytes: number) => void)[] = [];
  const warnings = { count: 0, latest: [] as string[] };
  const read = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    // Whole lines only: a heap report may arrive split across chunks.
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.includes('"msg":"heap after gc"')) heapWaiters.shift()?.(JSON.parse(line).heapUsedBytes);
      // pino levels: 40 warn, 50 error, 60 fatal.
      if (/"level":(4|5|6)0\b/.test(line)) {
        warnings.count += 1;
        warnings.latest = [...warnings.latest.slice(-199), line];
      }
    }
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
    warnings: () => warnings,
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    heapAfterGc() {
      // Without the probe, SIGUSR2's default action would end the server.
      if (!options.nodeArgs?.includes("--expose-gc")) return Promise.reject(new Error("heapAfterGc needs nodeArgs: [\"--expose-gc\"]"));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the server did not report its heap within 30 s (is it running with --expose-gc?)")), 30_000);
        heapWaiters.push((bytes) => {
          clearTimeout(timer);
          resolve(bytes);
        });
        child.kill("SIGUSR2");
      });
    },
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
