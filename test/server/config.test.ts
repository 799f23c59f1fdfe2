import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { refuseDevAgentKeyOffLocalChain } from "../../server/src/config/agent-config.ts";
import { loadConfig } from "../../server/src/config/config.ts";
import { DEV_MASTER_KEY_FILE, resolveMasterKey } from "../../server/src/crypto/master-key.ts";
import { ConfigError } from "../../server/src/errors.ts";
import { createLogger } from "../../server/src/logger.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("configuration", () => {
  it("applies defaults to an empty environment and freezes the result", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.rpcUrl).toBe("http://127.0.0.1:8545");
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ["DATABASE_URL", "not a url"],
    ["DATABASE_URL", "mysql://user@localhost/db"],
    ["FOLIO_RPC_URL", "localhost:8545"],
    ["FOLIO_RPC_URL", "ftp://example.com"],
    ["PORT", "70000"],
    ["PORT", "eighty"],
    ["NODE_ENV", "staging"],
    ["LOG_LEVEL", "loud"],
  ])("rejects %s=%j with an error naming the setting", (setting, value) => {
    let error: unknown;
    try {
      loadConfig({ [setting]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as ConfigError).message).toMatch(new RegExp(`^Invalid configuration: ${setting} `));
    expect((error as ConfigError).message).not.toContain(value);
  });

  it("sizes the holders page cache (default 500 pages, 0 off) and rejects a bad size naming the setting", () => {
    expect(loadConfig({}).holdersCachePages).toBe(500);
    expect(loadConfig({ FOLIO_HOLDERS_CACHE_PAGES: "0" }).holdersCachePages).toBe(0);
    expect(loadConfig({ FOLIO_HOLDERS_CACHE_PAGES: "500" }).holdersCachePages).toBe(500);
    for (const bad of ["-1", "1.5", "lots", "100001"]) {
      expect(() => loadConfig({ FOLIO_HOLDERS_CACHE_PAGES: bad })).toThrow(/^Invalid configuration: FOLIO_HOLDERS_CACHE_PAGES /);
    }
  });

  it("accepts postgres and postgresql URLs and websocket RPC URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://folio@db.internal:5432/folio" }).databaseUrl).toContain("db.internal");
    expect(loadConfig({ FOLIO_RPC_URL: "wss://rpc.example.org" }).rpcUrl).toBe("wss://rpc.example.org");
  });

  it.each([
    ["DATABASE_URL", "definitely-not-a-url"],
    ["FOLIO_RPC_URL", "ftp://chain.example"],
  ])("a server started with a malformed %s stops with one line naming it", async (setting, value) => {
    const result = await run(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, [setting]: value, PORT: "0" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^folio: Invalid configuration: ${setting} must be a `));
  });
});

describe("development defaults only on the local chain", () => {
  const settingOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof ConfigError ? error.setting : `not a ConfigError: ${String(error)}`;
    }
    return null;
  };

  it("allows the public dev agent key on chain 31337 only", () => {
    const devDefault = loadConfig({});
    expect(devDefault.agentKeyIsDevDefault).toBe(true);
    expect(settingOf(() => refuseDevAgentKeyOffLocalChain(devDefault, 31337))).toBeNull();
    for (const chainId of [1, 11155111, 137, 31338]) {
      expect(settingOf(() => refuseDevAgentKeyOffLocalChain(devDefault, chainId))).toBe("FOLIO_AGENT_KEY");
    }
    const own = loadConfig({ FOLIO_AGENT_KEY: `0x${"11".repeat(32)}` });
    expect(settingOf(() => refuseDevAgentKeyOffLocalChain(own, 1))).toBeNull();
  });

  it("keeps a master key file beside the database on chain 31337 only, and writes none elsewhere", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-key-"));
    const logger = createLogger("silent");
    try {
      expect(settingOf(() => resolveMasterKey({ configured: null, env: "development", chainId: 1, dataDir, logger }))).toBe("FOLIO_MASTER_KEY");
      expect(fs.existsSync(path.join(dataDir, DEV_MASTER_KEY_FILE))).toBe(false);
      expect(resolveMasterKey({ configured: null, env: "development", chainId: 31337, dataDir, logger }).reveal()).toHaveLength(32);
      expect(fs.existsSync(path.join(dataDir, DEV_MASTER_KEY_FILE))).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a server started on another chain without FOLIO_AGENT_KEY or FOLIO_MASTER_KEY stops with one line naming the setting", async () => {
    // A node that says it is Sepolia, and a deployment file for it: the server gets as far as knowing the chain.
    const rpc = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const { id, method } = JSON.parse(body);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(method === "eth_chainId" ? { jsonrpc: "2.0", id, result: "0xaa36a7" } : { jsonrpc: "2.0", id, error: { code: -32601, message: "not here" } }));
      });
    });
    await new Promise<void>((r) => rpc.listen(0, "127.0.0.1", r));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-sepolia-"));
    fs.mkdirSync(path.join(dir, "deployments"));
    fs.writeFileSync(path.join(dir, "deployments", "11155111.json"), JSON.stringify({ chainId: 11155111, deploymentBlock: 0, contracts: {}, tokens: [] }));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FOLIO_") && k !== "DATABASE_URL" && k !== "NODE_ENV"));
    const start = (extra: Record<string, string>) => run(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
      cwd: ROOT,
      env: {
        ...env, PORT: "0", LOG_LEVEL: "silent", FOLIO_RPC_URL: `http://127.0.0.1:${(rpc.address() as { port: number }).port}`,
        FOLIO_DEPLOYMENTS_DIR: path.join(dir, "deployments"), FOLIO_DATA_DIR: path.join(dir, "data"), ...extra,
      },
    }).then(() => ({ code: 0, stderr: "" }), (error: { code: number; stderr: string }) => error);
    try {
      const noAgentKey = await start({});
      expect(noAgentKey.code).toBe(1);
      expect(noAgentKey.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^folio: Invalid configuration: FOLIO_AGENT_KEY must be set on chain 11155111 /)]);
      const noMasterKey = await start({ FOLIO_AGENT_KEY: `0x${"22".repeat(32)}` });
      expect(noMasterKey.code).toBe(1);
      expect(noMasterKey.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^folio: Invalid configuration: FOLIO_MASTER_KEY must be set on chain 11155111 /)]);
      expect(fs.existsSync(path.join(dir, "data", DEV_MASTER_KEY_FILE))).toBe(false);
    } finally {
      rpc.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("FOLIO_CORS_ORIGINS", () => {
  it("adds the listed origins to the public origin", () => {
    expect(loadConfig({}).corsOrigins).toEqual(["http://127.0.0.1:4000"]);
    expect(loadConfig({ FOLIO_PUBLIC_URL: "https://folio.example", FOLIO_CORS_ORIGINS: " https://console.example,http://localhost:5173 ," }).corsOrigins)
      .toEqual(["https://folio.example", "https://console.example", "http://localhost:5173"]);
  });

  it.each(["*", "https://console.example/", "https://console.example/app", "console.example", "ftp://console.example", "https://a.example,null"])(
    "rejects %j naming the setting",
    (value) => {
      expect(() => loadConfig({ FOLIO_CORS_ORIGINS: value })).toThrow(/^Invalid configuration: FOLIO_CORS_ORIGINS must be a comma-separated list of origins/);
    },
  );
});
