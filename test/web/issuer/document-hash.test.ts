import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256OfFile } from "../../../web/src/issuer/lib/document-hash.ts";

describe("sha256OfFile", () => {
  it("hashes the chosen file's bytes with Web Crypto, as the bytes32 the token records", async () => {
    const bytes = new TextEncoder().encode("Prospectus of the Acme bond\n");
    const expected = `0x${createHash("sha256").update(bytes).digest("hex")}`;
    expect(await sha256OfFile(new Blob([bytes], { type: "application/pdf" }))).toBe(expected);
  });

  it("hashes an empty file to SHA-256 of nothing", async () => {
    expect(await sha256OfFile(new Blob([]))).toBe("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
