import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { createArtworkFileStore, prepareImage, sha256Hex, THUMBNAIL_SIZE } from "../../../server/src/artworks/artwork-images.ts";
import { hasGpsTag, jpegWithGps, png, webp } from "./artwork-fixtures.ts";

const LIMITS = { maxBytes: 1024 * 1024, maxPixels: 4_000_000 };

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("artwork images", () => {
  it("strips EXIF (GPS position included) and every other metadata by re-encoding, turned upright", async () => {
    const upload = await jpegWithGps();
    const before = await sharp(upload).metadata();
    expect(hasGpsTag(before.exif!)).toBe(true);
    expect(before.orientation).toBe(6);

    const { image } = await prepareImage(upload, LIMITS);
    const after = await sharp(image.data).metadata();
    expect(image.mime).toBe("image/jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(image.data.includes(Buffer.from("Exif"))).toBe(false);
    expect(image.data.includes(Buffer.from("Someone"))).toBe(false);
    // Orientation 6 turns the 64 × 32 pixels a quarter turn: the stored image is upright, 32 × 64.
    expect([image.width, image.height, after.width, after.height]).toEqual([32, 64, 32, 64]);
    expect(image.sha256).toBe(sha256Hex(image.data));
    expect(image.bytes).toBe(image.data.length);
  });

  it("keeps PNG and WebP in their format and makes a WebP thumbnail of at most 512 pixels a side", async () => {
    const big = await png(1200, 600);
    const { image, thumbnail } = await prepareImage(big, LIMITS);
    expect(image.mime).toBe("image/png");
    expect([image.width, image.height]).toEqual([1200, 600]);
    expect(thumbnail.mime).toBe("image/webp");
    expect([thumbnail.width, thumbnail.height]).toEqual([THUMBNAIL_SIZE, THUMBNAIL_SIZE / 2]);
    expect((await sharp(thumbnail.data).metadata()).format).toBe("webp");
    expect((await prepareImage(await webp(), LIMITS)).image.mime).toBe("image/webp");
    // A small image's thumbnail is not enlarged.
    const small = await prepareImage(await png(40, 30), LIMITS);
    expect([small.thumbnail.width, small.thumbnail.height]).toEqual([40, 30]);
  });

  it("gives the same stored bytes for the same upload, so repeated uploads deduplicate", async () => {
    const upload = await jpegWithGps();
    const [a, b] = [await prepareImage(upload, LIMITS), await prepareImage(upload, LIMITS)];
    expect(a.image.sha256).toBe(b.image.sha256);
    expect(a.thumbnail.sha256).toBe(b.thumbnail.sha256);
  });

  it("refuses files that are not JPEG, PNG or WebP by their bytes, whatever they are called", async () => {
    expect(await codeOf(prepareImage(Buffer.from("#!/bin/sh\nrm -rf /\n"), LIMITS))).toBe("ARTWORK_IMAGE_TYPE");
    expect(await codeOf(prepareImage(Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"), LIMITS))).toBe("ARTWORK_IMAGE_TYPE");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
    expect(await codeOf(prepareImage(pdf, LIMITS))).toBe("ARTWORK_IMAGE_TYPE");
    expect(await codeOf(prepareImage(Buffer.alloc(0), LIMITS))).toBe("ARTWORK_IMAGE_EMPTY");
  });

  it("refuses truncated and damaged images", async () => {
    const whole = await png(300, 300);
    expect(await codeOf(prepareImage(whole.subarray(0, Math.floor(whole.length * 0.6)), LIMITS))).toBe("ARTWORK_IMAGE_MALFORMED");
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#888" } }).jpeg().toBuffer();
    expect(await codeOf(prepareImage(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), LIMITS))).toBe("ARTWORK_IMAGE_MALFORMED");
    // A real signature followed by garbage.
    expect(await codeOf(prepareImage(Buffer.concat([whole.subarray(0, 16), Buffer.alloc(200, 7)]), LIMITS))).toBe("ARTWORK_IMAGE_MALFORMED");
  });

  it("refuses images over the byte limit before decoding, and over the pixel limit before decoding the pixels", async () => {
    const upload = await png(200, 200);
    expect(await codeOf(prepareImage(upload, { ...LIMITS, maxBytes: upload.length - 1 }))).toBe("ARTWORK_IMAGE_TOO_LARGE");
    expect(await codeOf(prepareImage(upload, { ...LIMITS, maxPixels: 200 * 200 - 1 }))).toBe("ARTWORK_IMAGE_DIMENSIONS");
    // A decompression bomb: a few kilobytes that claim 20,000 × 20,000 pixels.
    const bomb = Buffer.from(await png(1, 1));
    bomb.writeUInt32BE(20_000, 16);
    bomb.writeUInt32BE(20_000, 20);
    bomb.writeUInt32BE(zlib.crc32(bomb.subarray(12, 29)), 29);
    expect(await codeOf(prepareImage(bomb, LIMITS))).toBe("ARTWORK_IMAGE_DIMENSIONS");
  });
});

describe("artwork file store", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-artwork-files-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("stores a file once under its SHA-256, atomically, and reads it back", async () => {
    const store = createArtworkFileStore(dataDir);
    const data = Buffer.from("some image bytes");
    const file = { sha256: sha256Hex(data), data };
    expect(await store.put(file)).toBe(true);
    expect(await store.put(file)).toBe(false);
    const stored = store.pathOf(file.sha256);
    expect(stored).toBe(path.join(dataDir, "artworks", "files", file.sha256.slice(0, 2), file.sha256));
    expect(fs.readdirSync(path.dirname(stored))).toEqual([file.sha256]);
    expect((await store.get(file.sha256))!.equals(data)).toBe(true);
    expect(await store.get("0".repeat(64))).toBeNull();
  });

  it("refuses bytes that do not match the hash they are stored under, and names that are not hashes", async () => {
    const store = createArtworkFileStore(dataDir);
    await expect(store.put({ sha256: "a".repeat(64), data: Buffer.from("other") })).rejects.toThrow("does not match");
    expect(() => store.pathOf("../../etc/passwd")).toThrow();
  });
});
