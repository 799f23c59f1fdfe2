import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

export interface ServerProcess {
  url: string;
  pid: number;
  /** Every log line since start, parsed (pino JSON), with non-JSON lines as `{ msg: line }`. */
  lines(): Record<string, unknown>[];
  /** Resolves once a log line matches; rejects when the process exits first or after `timeoutMs`. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Null while it runs; else how it ended (exit code or signal). */
  exit(): string | null;
  /** SIGKILL: no handler runs, sockets and database sessions are dropped by the kernel. */
  kill(): Promise<void>;
  /** SIGTERM and wait: the server's own orderly shutdown. */
  stop(): Promise<void>;
}

/** Runs the real server entry point (server/src/main.ts) as a child process with `env`, and waits until it listens. */
export async function startServerProcess(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const parsed: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let partial = "";
  const onData = (chunk: Buffer) => {
    partial += chunk.toString();
    const lines = partial.split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        parsed.push(JSON.parse(line));
      } catch {
        parsed.push({ msg: line });
      }
    }
    for (const w of waiters) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => {
    for (const w of waiters) w();
  });

  function waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs = 60_000) {
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = parsed.find(match);
        if (found) return done(() => resolve(found));
        if (child.exitCode !== null || child.signalCode !== null) return done(() => reject(new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${tail()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no matching server log within ${timeoutMs} ms:\n${tail()}`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  }
  const tail = () => parsed.slice(-30).map((l) => JSON.stringify(l)).join("\n");

  await waitForLog((l) => l.msg === "server listening", 120_000);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    lines: () => parsed,
    exit: () => (child.exitCode === null && child.signalCode === null ? null : String(child.exitCode ?? child.signalCode)),
    waitForLog,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
