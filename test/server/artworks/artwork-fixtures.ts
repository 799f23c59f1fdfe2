import sharp from "sharp";

/** A JPEG carrying EXIF with a GPS position (Paris), a copyright and orientation 6 (stored sideways, 64 × 32). */
export function jpegWithGps(color = "#c33"): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 32, channels: 3, background: color } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Copyright: "Someone", Artist: "A Person" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 24/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 3/1" },
    })
    .toBuffer();
}

export const png = (width = 40, height = 30, color = "#3c3") =>
  sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();

export const webp = (color = "#33c") => sharp({ create: { width: 20, height: 20, channels: 3, background: color } }).webp().toBuffer();

/** The GPS IFD pointer tag (0x8825) of an EXIF block, in either byte order. */
export const hasGpsTag = (exif: Buffer) => exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));
