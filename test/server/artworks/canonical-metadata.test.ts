import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { artworkMetadata, canonicalMetadata, cidOfSha256, type ArtworkFields } from "../../../server/src/artworks/canonical-metadata.ts";

const FIELDS: ArtworkFields = {
  artist: "Berthe Morisot", title: "Le Berceau", year: 1872, medium: "Oil on canvas", dimensions: "56 × 46 cm",
  edition: null, inscriptions: "Signed lower left: Berthe Morisot", description: "The artist's sister watching her sleeping daughter.\nExhibited 1874.",
};
const IMAGES = [
  { sha256: "a".repeat(64), mime: "image/jpeg", width: 800, height: 1000 },
  { sha256: "b".repeat(64), mime: "image/png", width: 400, height: 300 },
];
const url = (sha256: string) => `https://folio.example/artworks/images/${sha256}`;

describe("canonical artwork metadata", () => {
  it("has the OpenSea fields, the art fields and the SHA-256 of every image, and leaves out fields not given", () => {
    const document = artworkMetadata(FIELDS, IMAGES, url);
    expect(document).toMatchObject({
      name: "Le Berceau",
      description: FIELDS.description,
      image: url("a".repeat(64)),
      artist: "Berthe Morisot", year: 1872, medium: "Oil on canvas", dimensions: "56 × 46 cm", inscriptions: FIELDS.inscriptions,
    });
    expect(document.attributes).toEqual([
      { trait_type: "Artist", value: "Berthe Morisot" },
      { trait_type: "Year", value: 1872 },
      { trait_type: "Medium", value: "Oil on canvas" },
      { trait_type: "Dimensions", value: "56 × 46 cm" },
    ]);
    expect((document.images as { sha256: string }[]).map((i) => i.sha256)).toEqual(["a".repeat(64), "b".repeat(64)]);
    expect("edition" in document).toBe(false);
  });

  it("serialises by RFC 8785: sorted keys, no whitespace, the same bytes whatever the key order", () => {
    const document = artworkMetadata(FIELDS, IMAGES, url);
    const reversed = Object.fromEntries(Object.entries(document).reverse());
    const a = canonicalMetadata(document);
    const b = canonicalMetadata(reversed);
    expect(b.json).toBe(a.json);
    expect(b.sha256).toBe(a.sha256);
    expect(a.json.startsWith('{"artist":"Berthe Morisot","attributes":[{"trait_type":"Artist","value":"Berthe Morisot"}')).toBe(true);
    expect(a.json).not.toMatch(/\n {2}|": /);
    expect(JSON.parse(a.json)).toEqual(document);
    // RFC 8785's own example: numbers in their shortest form, strings with minimal escapes, unicode kept as is.
    expect(canonicalMetadata({ numbers: [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001], string: "€$\u000f\nA'B\"\\\\\"/", literals: [null, true, false] }).json)
      .toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it("derives the SHA-256 of the exact bytes, the token id from it, and the IPFS CIDv1 (raw, sha2-256)", () => {
    const m = canonicalMetadata(artworkMetadata(FIELDS, IMAGES, url));
    expect(m.sha256).toBe(createHash("sha256").update(Buffer.from(m.json, "utf8")).digest("hex"));
    expect(m.tokenId).toBe(BigInt(`0x${m.sha256}`));
    expect(m.cid).toMatch(/^bafkrei[a-z2-7]{52}$/);
    // The CID of empty content, as IPFS gives it (ipfs add --cid-version 1 --raw-leaves of an empty file).
    expect(cidOfSha256(createHash("sha256").update("").digest())).toBe("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  });

  it("changes its hash when any field or image changes", () => {
    const base = canonicalMetadata(artworkMetadata(FIELDS, IMAGES, url)).sha256;
    expect(canonicalMetadata(artworkMetadata({ ...FIELDS, year: 1873 }, IMAGES, url)).sha256).not.toBe(base);
    expect(canonicalMetadata(artworkMetadata(FIELDS, [IMAGES[1]!, IMAGES[0]!], url)).sha256).not.toBe(base);
    expect(canonicalMetadata(artworkMetadata(FIELDS, [{ ...IMAGES[0]!, sha256: "c".repeat(64) }], url)).sha256).not.toBe(base);
  });
});
