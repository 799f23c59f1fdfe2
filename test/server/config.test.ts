import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/src/config/config.ts";
import { ConfigError } from "../../server/src/errors.ts";

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
