import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { keccak256, recoverAddress, toHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { signerRecovery } from "../../../server/src/crypto/signer-recovery.ts";

const accounts = Array.from({ length: 4 }, () => privateKeyToAccount(generatePrivateKey()));
const digest = (i: number) => keccak256(toHex(`order ${i}`));
/** The signature with its last byte (v) replaced. */
const withV = (signature: Hex, v: number): Hex => `0x${signature.slice(2, 130)}${v.toString(16).padStart(2, "0")}`;

describe("signer recovery on a worker thread", () => {
  it("recovers each signer of many signatures asked at once, in order, as viem does", async () => {
    const signed = await Promise.all(Array.from({ length: 120 }, async (_, i) => {
      const account = accounts[i % accounts.length]!;
      return { hash: digest(i), signature: await account.sign({ hash: digest(i) }), signer: account.address };
    }));
    const before = signerRecovery.counts();
    const recovered = await Promise.all(signed.map((s) => signerRecovery.recover(s.hash, s.signature)));
    // All on the worker thread, none on this one.
    expect(signerRecovery.counts()).toEqual({ onWorker: before.onWorker + signed.length, here: before.here });
    for (const [i, s] of signed.entries()) {
      expect(recovered[i]?.toLowerCase(), `signature ${i}`).toBe(s.signer.toLowerCase());
      expect((await recoverAddress({ hash: s.hash, signature: s.signature })).toLowerCase()).toBe(recovered[i]?.toLowerCase());
    }
  });

  it("answers another signer for another digest, and null for v 0 or 1, a wrong length or a signature with no key", async () => {
    const account = accounts[0]!;
    const signature = await account.sign({ hash: digest(1) });
    const other = await signerRecovery.recover(digest(2), signature);
    expect(other?.toLowerCase()).not.toBe(account.address.toLowerCase());
    const v = parseInt(signature.slice(130), 16);
    expect(await signerRecovery.recover(digest(1), withV(signature, v - 27))).toBeNull();
    expect(await signerRecovery.recover(digest(1), signature.slice(0, 128) as Hex)).toBeNull();
    // r = 0 recovers no key.
    expect(await signerRecovery.recover(digest(1), `0x${"00".repeat(32)}${signature.slice(66, 130)}${signature.slice(130)}` as Hex)).toBeNull();
    expect((await signerRecovery.recover(digest(1), signature))?.toLowerCase()).toBe(account.address.toLowerCase());
  });

  it("never keeps a process alive: one that recovered a signature and has nothing left to do exits by itself", async () => {
    const account = accounts[0]!;
    const signature = await account.sign({ hash: digest(3) });
    const module = fileURLToPath(new URL("../../../server/src/crypto/signer-recovery.ts", import.meta.url));
    const script = `const { signerRecovery } = await import(${JSON.stringify(module)});
      console.log(await signerRecovery.recover(${JSON.stringify(digest(3))}, ${JSON.stringify(signature)}), JSON.stringify(signerRecovery.counts()));`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "folio-recovery-")), "recover-once.mts");
    fs.writeFileSync(file, script);
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8", timeout: 30_000 });
    expect(run.signal, "still running after 30 s").toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${account.address.toLowerCase()} {"onWorker":1,"here":0}\n`);
  }, 40_000);
});
