import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { encodeErrorResult, parseAbi, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { bumpFees, capFees } from "../../../server/src/chain/fees.ts";
import { decodeRevertData, errorItemsOf } from "../../../server/src/chain/revert-reason.ts";
import { createKeySigner } from "../../../server/src/chain/signer.ts";
import { loadConfig } from "../../../server/src/config/config.ts";
import { stuckSince } from "../../../server/src/outbox/outbox-entry.ts";
import { outboxTargetAbi } from "./outbox-fixture.ts";

const DEV_ACCOUNT_9 = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const A_KEY = `0x${"ab".repeat(32)}` as Hex;

describe("agent key and outbox settings", () => {
  it("defaults to dev account #9 in development and test, and says so", () => {
    for (const NODE_ENV of ["development", "test"]) {
      const config = loadConfig({ NODE_ENV });
      expect(config.agentKeyIsDevDefault).toBe(true);
      expect(privateKeyToAccount(config.agentKey.reveal()).address).toBe(DEV_ACCOUNT_9);
    }
  });

  it("requires FOLIO_AGENT_KEY in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production", FOLIO_PUBLIC_URL: "https://folio.example" })).toThrow(/^Invalid configuration: FOLIO_AGENT_KEY must be set in production/);
    const config = loadConfig({ NODE_ENV: "production", FOLIO_PUBLIC_URL: "https://folio.example", FOLIO_AGENT_KEY: A_KEY });
    expect(config.agentKeyIsDevDefault).toBe(false);
    expect(config.agentKey.reveal()).toBe(A_KEY);
  });

  it("stops on a malformed key, naming the setting and never echoing the value", () => {
    for (const bad of ["0x1234", "ab".repeat(32), `0x${"zz".repeat(32)}`, `0x${"00".repeat(32)}`, `0x${"ff".repeat(32)}`]) {
      let message = "";
      try {
        loadConfig({ FOLIO_AGENT_KEY: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, bad).toMatch(/^Invalid configuration: FOLIO_AGENT_KEY /);
      expect(message).not.toContain(bad.slice(2, 20));
    }
  });

  it("never shows the key when the config is logged or serialised", () => {
    const config = loadConfig({ FOLIO_AGENT_KEY: A_KEY });
    const key = A_KEY.slice(2);
    expect(JSON.stringify(config)).not.toContain(key);
    expect(inspect(config, { depth: 5 })).not.toContain(key);
    expect(String(config.agentKey)).toBe("[redacted]");
  });

  it("has sane outbox defaults and rejects out-of-range settings by name", () => {
    expect(loadConfig({}).outbox).toEqual({
      pollMs: 500, bumpAfterMs: 60_000, bumpPercent: 12.5, maxFeeGwei: 500, confirmations: 1, retryMs: 1000, gasMarginPercent: 20,
      stuckAfterSeconds: 900,
    });
    expect(loadConfig({ FOLIO_OUTBOX_STUCK_AFTER_SECONDS: "60" }).outbox.stuckAfterSeconds).toBe(60);
    expect(() => loadConfig({ FOLIO_OUTBOX_STUCK_AFTER_SECONDS: "0" })).toThrow(/FOLIO_OUTBOX_STUCK_AFTER_SECONDS must be at least 1/);
    expect(() => loadConfig({ FOLIO_OUTBOX_BUMP_PERCENT: "5" })).toThrow(/FOLIO_OUTBOX_BUMP_PERCENT must be at least 10/);
    expect(() => loadConfig({ FOLIO_OUTBOX_CONFIRMATIONS: "0" })).toThrow(/FOLIO_OUTBOX_CONFIRMATIONS must be at least 1/);
    expect(() => loadConfig({ FOLIO_OUTBOX_MAX_FEE_GWEI: "-1" })).toThrow(/FOLIO_OUTBOX_MAX_FEE_GWEI must be a positive/);
    expect(() => loadConfig({ FOLIO_OUTBOX_POLL_MS: "soon" })).toThrow(/FOLIO_OUTBOX_POLL_MS/);
  });
});

describe("stuck entries", () => {
  const createdAt = new Date("2026-01-01T00:00:00Z");
  const at = (seconds: number) => new Date(createdAt.getTime() + seconds * 1000);

  it("counts an open entry as stuck from the threshold on, and a settled one never", () => {
    for (const status of ["pending", "sending", "sent"] as const) {
      expect(stuckSince({ status, createdAt }, 60, at(59))).toBeNull();
      expect(stuckSince({ status, createdAt }, 60, at(60))).toEqual(at(60));
      expect(stuckSince({ status, createdAt }, 60, at(3600))).toEqual(at(60));
    }
    for (const status of ["confirmed", "failed"] as const) expect(stuckSince({ status, createdAt }, 60, at(3600))).toBeNull();
  });
});

describe("fee bumps", () => {
  const gwei = (n: number) => BigInt(Math.round(n * 1e9));
  const previous = { maxFeePerGas: gwei(10), maxPriorityFeePerGas: gwei(1) };
  const quiet = { maxFeePerGas: gwei(5), maxPriorityFeePerGas: gwei(0.5) };

  it("raises both caps by at least the configured percent, rounding up", () => {
    expect(bumpFees(previous, quiet, 12.5, gwei(500))).toEqual({ maxFeePerGas: gwei(11.25), maxPriorityFeePerGas: gwei(1.125) });
    const odd = bumpFees({ maxFeePerGas: 7n, maxPriorityFeePerGas: 3n }, { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }, 12.5, 1000n)!;
    expect(odd).toEqual({ maxFeePerGas: 8n, maxPriorityFeePerGas: 4n });
  });

  it("follows the network when it asks for more than the step", () => {
    const busy = { maxFeePerGas: gwei(40), maxPriorityFeePerGas: gwei(3) };
    expect(bumpFees(previous, busy, 12.5, gwei(500))).toEqual(busy);
  });

  it("stops at the ceiling, and gives up only when the ceiling leaves no valid replacement", () => {
    expect(bumpFees(previous, { maxFeePerGas: gwei(100), maxPriorityFeePerGas: gwei(2) }, 12.5, gwei(12))).toEqual({ maxFeePerGas: gwei(12), maxPriorityFeePerGas: gwei(2) });
    expect(bumpFees(previous, quiet, 12.5, gwei(11))).toBeNull();
    expect(capFees({ maxFeePerGas: gwei(900), maxPriorityFeePerGas: gwei(800) }, gwei(500))).toEqual({ maxFeePerGas: gwei(500), maxPriorityFeePerGas: gwei(500) });
  });
});

describe("revert reasons", () => {
  it("decodes a custom error with the caller's ABI, and Error(string) and Panic without one", () => {
    const errors = errorItemsOf(outboxTargetAbi);
    const custom = encodeErrorResult({ abi: errors, errorName: "OutboxTargetRejected", args: [7n, DEV_ACCOUNT_9] });
    expect(decodeRevertData(custom, errors)).toMatchObject({ name: "OutboxTargetRejected", args: ["7", DEV_ACCOUNT_9], message: `OutboxTargetRejected(7, ${DEV_ACCOUNT_9})` });
    expect(decodeRevertData(custom)).toMatchObject({ name: "Unknown", message: "unknown custom error 0xf8820446" });
    const builtins = parseAbi(["error Error(string)", "error Panic(uint256)"]);
    expect(decodeRevertData(encodeErrorResult({ abi: builtins, errorName: "Error", args: ["no"] }))).toMatchObject({ name: "Error", message: "no" });
    expect(decodeRevertData(encodeErrorResult({ abi: builtins, errorName: "Panic", args: [0x11n] }))).toMatchObject({ name: "Panic", message: "Panic(0x11): arithmetic underflow or overflow" });
    expect(decodeRevertData("0x")).toMatchObject({ name: "Unknown", message: "execution reverted without a reason" });
  });

  it("decodes the errors declared in deployments/abi without being given an ABI", () => {
    const erc20Errors = parseAbi(["error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)"]);
    const data = encodeErrorResult({ abi: erc20Errors, errorName: "ERC20InsufficientBalance", args: [DEV_ACCOUNT_9, 0n, 1n] });
    expect(decodeRevertData(data)).toMatchObject({ name: "ERC20InsufficientBalance", args: [DEV_ACCOUNT_9, "0", "1"] });
  });
});

describe("signer", () => {
  it("returns the hash of the signed bytes before anything is broadcast", async () => {
    const signer = createKeySigner(A_KEY, 31337);
    const tx = { to: DEV_ACCOUNT_9, data: "0x" as Hex, value: 0n, nonce: 3, gas: 21_000n, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n } as const;
    const a = await signer.sign(tx);
    const b = await signer.sign(tx);
    expect(a).toEqual(b);
    expect(a.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await signer.sign({ ...tx, maxFeePerGas: 3n })).hash).not.toBe(a.hash);
  });
});
