import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { describe, expect, it } from "vitest";
import { cidOfSha256Hex, sha256Hex } from "../../../web/src/verify/content-hash.ts";
import { parseTokenId, tokenIdHex } from "../../../web/src/verify/token-id.ts";

describe("verification page hashing", () => {
  it("computes SHA-256 with WebCrypto and the same CIDv1 (raw, sha2-256) as multiformats", async () => {
    for (const text of ["", "{}", '{"name":"Le Berceau"}', "é".repeat(1000)]) {
      const bytes = new TextEncoder().encode(text);
      const hex = await sha256Hex(bytes.buffer as ArrayBuffer);
      const digest = await sha256.digest(bytes);
      expect(hex).toBe(Buffer.from(digest.digest).toString("hex"));
      expect(cidOfSha256Hex(hex)).toBe(CID.create(1, raw.code, digest).toString());
      expect(cidOfSha256Hex(`0x${hex}`)).toMatch(/^bafkrei[a-z2-7]{52}$/);
    }
  });

  it("reads the token id from the label's URL as 0x and 64 hex digits or decimal, and nothing else", () => {
    const hex = `0x${"ab".repeat(32)}`;
    expect(parseTokenId(hex)).toBe(BigInt(hex).toString());
    expect(tokenIdHex(parseTokenId(hex)!)).toBe(hex);
    expect(parseTokenId("123")).toBe("123");
    expect(parseTokenId((2n ** 256n - 1n).toString())).toBe((2n ** 256n - 1n).toString());
    for (const bad of ["0x12", `0x${"g".repeat(64)}`, (2n ** 256n).toString(), "-1", "1e3", "", " 1"]) expect(parseTokenId(bad), bad).toBeNull();
  });
});
