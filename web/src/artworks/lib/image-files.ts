/**
 * Images chosen for a work, checked in the browser as the server does (by content, not by name): JPEG, PNG or WebP,
 * not empty, within the size limit. The server decodes every image fully; what it refuses (a truncated file) comes
 * back as its error code, put into words here.
 */
export type ImageKind = "image/jpeg" | "image/png" | "image/webp";

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGES = 6;

/** The image type the first bytes announce, whatever the file name says; null for anything else. */
export function sniffImage(head: Uint8Array): ImageKind | null {
  const starts = (bytes: number[], offset = 0) => bytes.every((b, i) => head[offset + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export const formatBytes = (bytes: number) =>
  bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why the server would refuse this file, in words; null when it may go. */
export function imageProblem(file: { name: string; size: number }, head: Uint8Array, maxBytes = MAX_IMAGE_BYTES): string | null {
  if (file.size === 0) return `${file.name} is empty`;
  if (file.size > maxBytes) return `${file.name} is ${formatBytes(file.size)}: images may be at most ${formatBytes(maxBytes)}. Export it at a lower resolution or quality.`;
  if (!sniffImage(head)) {
    return `${file.name} is not a JPEG, PNG or WebP image by its content${/\.(jpe?g|png|webp)$/i.test(file.name) ? ", whatever its name says" : ""}`;
  }
  return null;
}

/** The server's upload refusals (registerArtwork codes) in words, naming the files that were sent. */
export function describeUploadError(code: string | undefined, message: string, fileNames: readonly string[]): string {
  const files = fileNames.length === 1 ? fileNames[0]! : `one of ${fileNames.join(", ")}`;
  switch (code) {
    case "ARTWORK_IMAGE_TYPE":
      return `The server refused ${files}: it is not a JPEG, PNG or WebP image by its content (${message}). Nothing was stored.`;
    case "ARTWORK_IMAGE_MALFORMED":
      return `The server refused ${files}: the image is damaged or cut short (${message}). Export it again. Nothing was stored.`;
    case "ARTWORK_IMAGE_TOO_LARGE":
      return `The server refused ${files}: it is too large (${message}). Nothing was stored.`;
    case "ARTWORK_IMAGE_EMPTY":
      return `The server refused ${files}: the file is empty. Nothing was stored.`;
    case "ARTWORK_IMAGE_DIMENSIONS":
      return `The server refused ${files}: ${message}. Nothing was stored.`;
    case "ARTWORK_IMAGE_REPEATED":
      return "The same image was chosen twice: remove one copy. Nothing was stored.";
    case "ARTWORK_TOO_MANY_IMAGES":
      return `${message}. Nothing was stored.`;
    case "ARTWORK_ALREADY_REGISTERED":
      return "This work is already registered with the same details and images: open it from My artworks.";
    default:
      return `${message}. Nothing was stored.`;
  }
}
