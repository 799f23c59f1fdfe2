import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/src/config/config.ts";
import { ConfigError } from "../../../server/src/errors.ts";

describe("artwork registry settings", () => {
  it("default to 20 MB and 100 megapixels per image, 6 images per artwork", () => {
    expect(loadConfig({}).artworks).toEqual({ maxImageBytes: 20 * 1024 * 1024, maxImagePixels: 100_000_000, maxImagesPerArtwork: 6 });
  });

  it("are read from FOLIO_ARTWORK_MAX_IMAGE_BYTES, FOLIO_ARTWORK_MAX_IMAGE_PIXELS and FOLIO_ARTWORK_MAX_IMAGES", () => {
    const config = loadConfig({ FOLIO_ARTWORK_MAX_IMAGE_BYTES: "2048", FOLIO_ARTWORK_MAX_IMAGE_PIXELS: "640000", FOLIO_ARTWORK_MAX_IMAGES: "2" });
    expect(config.artworks).toEqual({ maxImageBytes: 2048, maxImagePixels: 640_000, maxImagesPerArtwork: 2 });
    expect(Object.isFrozen(config.artworks)).toBe(true);
  });

  it.each([
    ["FOLIO_ARTWORK_MAX_IMAGE_BYTES", "100"],
    ["FOLIO_ARTWORK_MAX_IMAGE_BYTES", "a lot"],
    ["FOLIO_ARTWORK_MAX_IMAGE_PIXELS", "0"],
    ["FOLIO_ARTWORK_MAX_IMAGES", "51"],
  ])("refuse %s=%j with an error naming the setting", (setting, value) => {
    expect(() => loadConfig({ [setting]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [setting]: value })).toThrow(setting);
  });
});
