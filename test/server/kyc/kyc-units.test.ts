import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/src/config/config.ts";
import { parseMasterKey } from "../../../server/src/config/kyc-config.ts";
import { createEnvelope } from "../../../server/src/crypto/envelope.ts";
import { DEV_MASTER_KEY_FILE, resolveMasterKey } from "../../../server/src/crypto/master-key.ts";
import { COUNTRY_COUNT, numericCountry } from "../../../lib/countries.ts";
import { requireCountry } from "../../../server/src/kyc/countries.ts";
import { sizeBatches } from "../../../server/src/kyc/csv-import.ts";
import { detectDocumentType } from "../../../server/src/kyc/documents.ts";
import { validateDateOfBirth } from "../../../server/src/kyc/personal-data.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { jpeg, pdf, png } from "./kyc-fixture.ts";

const KEY_HEX = "a".repeat(64);

describe("envelope encryption", () => {
  const envelope = createEnvelope(Buffer.from(KEY_HEX, "hex"));

  it("round-trips a field under a per-record data key that is stored only wrapped", () => {
    const { key, wrapped } = envelope.newDataKey("record-1");
    expect(wrapped).not.toContain(key.toString("base64"));
    const sealed = envelope.encrypt(key, "record-1", "personal_data", "Jane Example");
    expect(sealed).toMatch(/^v1\./);
    expect(envelope.decrypt(envelope.unwrapDataKey("record-1", wrapped), "record-1", "personal_data", sealed).toString()).toBe("Jane Example");
    // Random IVs: the same plaintext never gives the same ciphertext.
    expect(envelope.encrypt(key, "record-1", "personal_data", "Jane Example")).not.toBe(sealed);
  });

  it("binds ciphertexts to their record and field, and detects tampering and wrong master keys", () => {
    const { key, wrapped } = envelope.newDataKey("record-1");
    const sealed = envelope.encrypt(key, "record-1", "personal_data", "Jane Example");
    expect(() => envelope.decrypt(key, "record-2", "personal_data", sealed)).toThrow(expect.objectContaining({ code: "KYC_DATA_UNREADABLE" }));
    expect(() => envelope.decrypt(key, "record-1", "rejection_reason", sealed)).toThrow(expect.objectContaining({ code: "KYC_DATA_UNREADABLE" }));
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes[bytes.length - 1]! ^= 1;
    expect(() => envelope.decrypt(key, "record-1", "personal_data", `v1.${bytes.toString("base64")}`)).toThrow(expect.objectContaining({ code: "KYC_DATA_UNREADABLE" }));
    expect(() => envelope.unwrapDataKey("record-2", wrapped)).toThrow(expect.objectContaining({ code: "KYC_DATA_UNREADABLE" }));
    expect(() => createEnvelope(Buffer.from("b".repeat(64), "hex")).unwrapDataKey("record-1", wrapped)).toThrow(expect.objectContaining({ code: "KYC_DATA_UNREADABLE" }));
  });
});

describe("master key configuration", () => {
  it("accepts 32 bytes as hex (0x optional) or base64, and refuses anything else without echoing it", () => {
    expect(parseMasterKey(KEY_HEX)).toEqual(Buffer.from(KEY_HEX, "hex"));
    expect(parseMasterKey(`0x${KEY_HEX}`)).toEqual(Buffer.from(KEY_HEX, "hex"));
    expect(parseMasterKey(Buffer.alloc(32, 7).toString("base64"))).toEqual(Buffer.alloc(32, 7));
    for (const bad of ["short", "a".repeat(63), "g".repeat(64), Buffer.alloc(31).toString("base64"), Buffer.alloc(33).toString("base64")]) {
      expect(() => loadConfig({ FOLIO_MASTER_KEY: bad })).toThrow(/^Invalid configuration: FOLIO_MASTER_KEY must be 32 bytes/);
      try {
        loadConfig({ FOLIO_MASTER_KEY: bad });
      } catch (error) {
        expect((error as Error).message).not.toContain(bad);
      }
    }
    const config = loadConfig({ FOLIO_MASTER_KEY: KEY_HEX });
    expect(JSON.stringify(config)).not.toContain(KEY_HEX);
    expect(config.kyc.masterKey!.reveal()).toEqual(Buffer.from(KEY_HEX, "hex"));
  });

  it("is required in production, and generated once (then reused) in development, with a warning", () => {
    const logger = createLogger("silent");
    expect(() => resolveMasterKey({ configured: null, env: "production", chainId: 31337, dataDir: os.tmpdir(), logger })).toThrow(/FOLIO_MASTER_KEY must be set in production/);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-key-"));
    try {
      const lines: string[] = [];
      const warnLogger = createLogger("warn", { write: (line: string) => lines.push(line) });
      const first = resolveMasterKey({ configured: null, env: "development", chainId: 31337, dataDir, logger: warnLogger });
      const second = resolveMasterKey({ configured: null, env: "development", chainId: 31337, dataDir, logger: warnLogger });
      expect(first.reveal()).toEqual(second.reveal());
      expect(fs.statSync(path.join(dataDir, DEV_MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(lines.join("")).toMatch(/FOLIO_MASTER_KEY is unset/);
      expect(lines.join("")).not.toContain(first.reveal().toString("hex"));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("input rules", () => {
  it("knows every ISO 3166-1 alpha-2 code with its numeric code, and nothing else", () => {
    expect(COUNTRY_COUNT).toBe(249);
    expect([numericCountry("FR"), numericCountry("de"), numericCountry("US"), numericCountry("GB"), numericCountry("SS")]).toEqual([250, 276, 840, 826, 728]);
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (let a = 65; a < 91; a++) {
      for (let b = 65; b < 91; b++) {
        const code = String.fromCharCode(a, b);
        // Every code we accept is a region Intl knows by name.
        if (numericCountry(code) !== null) expect(names.of(code), code).not.toBe(code);
      }
    }
    for (const bad of ["UK", "EU", "XK", "ZZ", "FRA", "F", "999", "0250"]) expect(() => requireCountry("nationality", bad)).toThrow(expect.objectContaining({ code: "KYC_COUNTRY_UNKNOWN" }));
    // The numeric code names the same country as the alpha-2 code.
    expect([requireCountry("nationality", "250"), requireCountry("nationality", 250), requireCountry("nationality", " fr ")]).toEqual(Array(3).fill({ alpha2: "FR", numeric: 250 }));
  });

  it("accepts only real past dates of adults, counting leap days right", () => {
    const today = new Date(Date.UTC(2026, 1, 28));
    expect(validateDateOfBirth("2008-02-28", today)).toBe("2008-02-28");
    expect(() => validateDateOfBirth("2008-02-29", today)).toThrow(expect.objectContaining({ code: "KYC_UNDERAGE" }));
    expect(validateDateOfBirth("2008-02-29", new Date(Date.UTC(2026, 2, 1)))).toBe("2008-02-29");
    for (const bad of ["2001-02-29", "2000-04-31", "2000-00-10", "2000-1-1", "20000-01-01", "2026-03-01"]) {
      expect(() => validateDateOfBirth(bad, today), bad).toThrow(expect.objectContaining({ code: "KYC_INVALID_DATE" }));
    }
  });

  it("recognises documents by their bytes only", () => {
    expect(detectDocumentType(pdf())).toBe("application/pdf");
    expect(detectDocumentType(jpeg())).toBe("image/jpeg");
    expect(detectDocumentType(png())).toBe("image/png");
    for (const bad of ["GIF89a", "%PDF", "PK\u0003\u0004", "<svg>"]) {
      expect(() => detectDocumentType(new TextEncoder().encode(bad))).toThrow(expect.objectContaining({ code: "KYC_DOCUMENT_TYPE" }));
    }
  });

  it("refuses truncated files and other files behind a forged PDF, PNG or JPEG signature", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const cut = (bytes: Uint8Array, n: number) => bytes.subarray(0, bytes.length - n);
    const whole = pdf();
    const forged = [
      // PDF: only the first line, an HTML page behind %PDF-, cut before or inside its trailer, a startxref past the end or at nothing.
      text("%PDF-1.7"), text("%PDF-1.4\n<html><script>alert(1)</script></html>\n"), cut(whole, 7), cut(whole, 30), cut(whole, whole.length / 2),
      text("%PDF-1.4\n1 0 obj << >> endobj\nstartxref\n99999\n%%EOF\n"), text("%PDF-1.4\n1 0 obj << >> endobj\nstartxref\n9\n%%EOF\n"),
      text("%PDF-9.9\nxref\nstartxref\n9\n%%EOF\n"), new Uint8Array([...whole, ...text("<html>appended</html>")]),
      // PNG: the signature alone, IHDR cut short, no IEND, a chunk running past the end, bytes after IEND.
      png().subarray(0, 8), png().subarray(0, 20), cut(png(), 12), new Uint8Array([...png().subarray(0, 33), 0xff, 0xff, 0xff, 0xff, 73, 68, 65, 84]),
      new Uint8Array([...png(), 1, 2, 3]),
      // JPEG: the signature alone, no EOI, a segment running past the end, EOI before any scan, something else behind SOI.
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), cut(jpeg(), 2), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x40, 0, 1, 2]),
      new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), new Uint8Array([0xff, 0xd8, 0xff, ...text("<html></html>")]),
    ];
    for (const [i, bytes] of forged.entries()) {
      expect(() => detectDocumentType(bytes), `case ${i}`).toThrow(expect.objectContaining({ code: "KYC_DOCUMENT_MALFORMED" }));
    }
    // Trailing whitespace after %%EOF and zero padding after EOI are what writers produce, and are accepted.
    expect(detectDocumentType(new Uint8Array([...whole, ...text("\r\n  ")]))).toBe("application/pdf");
    expect(detectDocumentType(new Uint8Array([...jpeg(), 0, 0]))).toBe("image/jpeg");
  });
});

describe("abuse limits", () => {
  it("refuses a per-application document total below the per-document limit", () => {
    expect(() => loadConfig({ FOLIO_KYC_MAX_DOCUMENT_BYTES: "4096", FOLIO_KYC_MAX_APPLICATION_BYTES: "2048" })).toThrow(/FOLIO_KYC_MAX_APPLICATION_BYTES must be at least/);
    expect(loadConfig({}).kyc).toMatchObject({ maxApplicationBytes: 20 * 1024 * 1024, maxTokenPolicies: 100 });
  });

  it("sizes import batches by gas: halves a batch until its estimate fits the budget, keeping the row order", async () => {
    const rows = Array.from({ length: 500 }, (_, i) => i);
    const calls: number[] = [];
    // 64,000 gas per investor, like batchRegisterInvestors; the node refuses to estimate above a 30M block.
    const estimate = async (batch: number[]) => {
      calls.push(batch.length);
      const gas = 30_000n + 64_000n * BigInt(batch.length);
      return gas > 30_000_000n ? null : gas;
    };
    const batches = await sizeBatches(rows, { maxRows: 500, budget: 15_000_000n, estimate });
    expect(batches.map((b) => b.length)).toEqual([125, 125, 125, 125]);
    expect(batches.flat()).toEqual(rows);
    expect(calls).toEqual([500, 250, 125, 125, 250, 125, 125]);
    // Within budget: the row cap alone decides; a single row is a batch whatever the node says.
    expect((await sizeBatches(rows.slice(0, 5), { maxRows: 2, budget: 15_000_000n, estimate })).map((b) => b.length)).toEqual([2, 2, 1]);
    expect((await sizeBatches([1, 2], { maxRows: 2, budget: 1n, estimate: async () => null })).map((b) => b.length)).toEqual([1, 1]);
  });
});
