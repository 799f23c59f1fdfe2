import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata } from "sharp";
import { FolioError } from "../errors.ts";

/** The formats an artwork image may have, recognised by its bytes (the declared type and the file name are ignored). */
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 512;

/** One file ready to store: its bytes, their SHA-256 (lowercase hex) and the facts the registry keeps. */
export interface PreparedFile {
  sha256: string;
  mime: ImageType;
  bytes: number;
  width: number;
  height: number;
  data: Buffer;
}

/** An uploaded image after checking and re-encoding, with its thumbnail. */
export interface PreparedImage {
  image: PreparedFile;
  thumbnail: PreparedFile;
}

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

export const sha256Hex = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

const imageError = (code: string, message: string, hint?: string) => new FolioError(code, message, { hint });

/**
 * Checks an uploaded image and makes what is stored of it:
 * - the size first (ARTWORK_IMAGE_EMPTY, ARTWORK_IMAGE_TOO_LARGE), then the type by the bytes (ARTWORK_IMAGE_TYPE:
 *   JPEG, PNG or WebP only);
 * - the dimensions from the header, before decoding (ARTWORK_IMAGE_DIMENSIONS over `maxPixels`);
 * - a full decode (ARTWORK_IMAGE_MALFORMED for a truncated or damaged file);
 * - a re-encode in the same format, turned upright by its EXIF orientation and without any metadata (EXIF with GPS
 *   positions, XMP, IPTC, ICC, comments): what is stored and served is only pixels;
 * - a WebP thumbnail of at most THUMBNAIL_SIZE pixels a side.
 * Re-encoding is deterministic, so the same upload gives the same stored hash (deduplication).
 */
export async function prepareImage(upload: Buffer, limits: ImageLimits): Promise<PreparedImage> {
  if (upload.length === 0) throw imageError("ARTWORK_IMAGE_EMPTY", "The image is empty");
  if (upload.length > limits.maxBytes) {
    throw imageError("ARTWORK_IMAGE_TOO_LARGE", `Images must be at most ${limits.maxBytes} bytes`, "Export the image at a lower resolution or quality");
  }
  const detected = await fileTypeFromBuffer(upload);
  const mime = detected?.mime as ImageType | undefined;
  if (!mime || !IMAGE_TYPES.includes(mime)) {
    throw imageError("ARTWORK_IMAGE_TYPE", "Images must be JPEG, PNG or WebP files", "The file's contents were checked, not its name");
  }
  const options = { failOn: "error", limitInputPixels: limits.maxPixels, autoOrient: true } as const;
  let header: Metadata;
  try {
    header = await sharp(upload, { failOn: "error", limitInputPixels: false }).metadata();
  } catch (cause) {
    throw malformed(mime, cause);
  }
  const { width, height } = header;
  if (!width || !height) throw malformed(mime);
  if (width * height > limits.maxPixels) {
    throw imageError("ARTWORK_IMAGE_DIMENSIONS", `Images must have at most ${limits.maxPixels} pixels (this one is ${width} × ${height})`, "Scale the image down");
  }
  let image: PreparedFile;
  let thumbnail: PreparedFile;
  try {
    // sharp writes no metadata unless asked (keepMetadata/withMetadata), so the re-encode drops all of it.
    const decoded = sharp(upload, options);
    const encoded = await (mime === "image/jpeg" ? decoded.jpeg({ quality: 92, chromaSubsampling: "4:4:4" })
      : mime === "image/png" ? decoded.png({ compressionLevel: 9 })
      : decoded.webp({ quality: 92 })).toBuffer({ resolveWithObject: true });
    image = fileOf(encoded.data, mime, encoded.info);
    const small = await sharp(encoded.data, { failOn: "error", limitInputPixels: limits.maxPixels })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    thumbnail = fileOf(small.data, "image/webp", small.info);
  } catch (cause) {
    throw malformed(mime, cause);
  }
  return { image, thumbnail };
}

const fileOf = (data: Buffer, mime: ImageType, info: { width: number; height: number }): PreparedFile => ({
  sha256: sha256Hex(data), mime, bytes: data.length, width: info.width, height: info.height, data,
});

const malformed = (mime: ImageType, cause?: unknown) =>
  new FolioError("ARTWORK_IMAGE_MALFORMED", `The image is not a complete ${mime.split("/")[1]!.toUpperCase()} file`, {
    hint: "It may be truncated or damaged: export it again",
    cause,
  });

/**
 * Files stored under `<dataDir>/artworks/files/<first two hex digits>/<sha256>`: the name is the content's hash, so
 * a file is written once whatever the number of uploads of it, and never changes. Writes go to a temporary file in
 * the same directory and are renamed into place, so a reader never sees a partial file.
 */
export function createArtworkFileStore(dataDir: string) {
  const root = path.join(dataDir, "artworks", "files");
  const pathOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new FolioError("ARTWORK_FILE_NOT_FOUND", "No such file");
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  return {
    root,
    pathOf,
    /** Writes the file unless it is there already; returns whether it wrote. */
    async put(file: { sha256: string; data: Buffer }): Promise<boolean> {
      if (sha256Hex(file.data) !== file.sha256) throw new Error("file content does not match its hash");
      const target = pathOf(file.sha256);
      if (fs.existsSync(target)) return false;
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      const handle = await fs.promises.open(temporary, "wx", 0o644);
      try {
        await handle.writeFile(file.data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temporary, target);
      return true;
    },
    /** The file's bytes, or null when it is not stored. */
    async get(sha256: string): Promise<Buffer | null> {
      try {
        return await fs.promises.readFile(pathOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
  };
}

export type ArtworkFileStore = ReturnType<typeof createArtworkFileStore>;
