import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

/** Anvil's (and Hardhat's) well-known development mnemonic: its accounts hold test ether only. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const LOCAL_CHAIN_ID = 31337;

export interface LocalChain {
  rpcUrl: string;
  port: number;
  /** Stops the chain; with a state file, anvil writes the chain state on the way out. */
  stop(): Promise<void>;
}

export interface LocalChainOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** When set, chain state is loaded from and saved to this file, so it survives a restart. */
  stateFile?: string;
  /** Seconds between background state dumps (a crash loses at most this much). */
  stateIntervalSeconds?: number;
  /** Seconds between blocks; automine when omitted. */
  blockTimeSeconds?: number;
  silent?: boolean;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts anvil (shipped in the npm package `@foundry-rs/anvil`) and waits until its JSON-RPC endpoint answers. */
export async function startLocalChain(options: LocalChainOptions = {}): Promise<LocalChain> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort(host));
  const args = ["--host", host, "--port", String(port), "--chain-id", String(LOCAL_CHAIN_ID), "--mnemonic", DEV_MNEMONIC];
  if (options.stateFile) {
    fs.mkdirSync(path.dirname(options.stateFile), { recursive: true });
    args.push("--state", options.stateFile, "--preserve-historical-states");
    args.push("--state-interval", String(options.stateIntervalSeconds ?? 5));
  }
  if (options.blockTimeSeconds) args.push("--block-time", String(options.blockTimeSeconds));
  const child = spawn(anvilBinary(), args, {
    stdio: options.silent === false ? "inherit" : "ignore",
  });
  const rpcUrl = `http://${host}:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForRpc(rpcUrl, child);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { rpcUrl, port, stop: () => stopChild(child, exited) };
}

/** The anvil binary from the platform package that `@foundry-rs/anvil` installs as an optional dependency. */
function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}/package.json`;
  try {
    return path.join(path.dirname(createRequire(__filename).resolve(pkg)), "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
  } catch {
    throw new Error(`No anvil binary for ${process.platform}-${arch}: reinstall with \`npm ci\``);
  }
}

async function waitForRpc(rpcUrl: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The local chain exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`The local chain did not answer at ${rpcUrl} within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
