import { intSetting as int } from "./env-settings.ts";

/** Settings of the artwork registry (server/src/artworks). */
export interface ArtworkConfig {
  readonly artworks: {
    /** Largest image accepted, in bytes (checked before the file is decoded). */
    readonly maxImageBytes: number;
    /** Largest image accepted, in pixels (width × height), so a small file cannot decode into gigabytes. */
    readonly maxImagePixels: number;
    /** At most this many images per artwork. */
    readonly maxImagesPerArtwork: number;
  };
}

export const artworkEnvSchema = {
  FOLIO_ARTWORK_MAX_IMAGE_BYTES: int(1024, 100 * 1024 * 1024, 20 * 1024 * 1024),
  FOLIO_ARTWORK_MAX_IMAGE_PIXELS: int(1, 1_000_000_000, 100_000_000),
  FOLIO_ARTWORK_MAX_IMAGES: int(1, 50, 6),
};

export function readArtworkConfig(e: { FOLIO_ARTWORK_MAX_IMAGE_BYTES: number; FOLIO_ARTWORK_MAX_IMAGE_PIXELS: number; FOLIO_ARTWORK_MAX_IMAGES: number }): ArtworkConfig {
  return {
    artworks: Object.freeze({
      maxImageBytes: e.FOLIO_ARTWORK_MAX_IMAGE_BYTES,
      maxImagePixels: e.FOLIO_ARTWORK_MAX_IMAGE_PIXELS,
      maxImagesPerArtwork: e.FOLIO_ARTWORK_MAX_IMAGES,
    }),
  };
}
