import { FolioError } from "../errors.ts";

export const DOCUMENT_KINDS = ["identity", "proof_of_address", "accreditation"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Accepted formats, recognised by their bytes (the declared content type and the file name are not trusted). A
 * matching signature is not enough: the file's structure is checked from start to end (see the checks below), so a
 * truncated file, or another file behind a forged first line, is refused.
 */
const FORMATS: { contentType: string; magic: number[]; wellFormed(bytes: Uint8Array): boolean }[] = [
  { contentType: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d], wellFormed: isWellFormedPdf }, // %PDF-
  { contentType: "image/png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], wellFormed: isWellFormedPng },
  { contentType: "image/jpeg", magic: [0xff, 0xd8, 0xff], wellFormed: isWellFormedJpeg },
];

/** The content type of `bytes` (PDF, PNG or JPEG, whole and well formed), or KYC_DOCUMENT_TYPE. */
export function detectDocumentType(bytes: Uint8Array): string {
  const format = FORMATS.find(({ magic }) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b));
  if (!format) throw new FolioError("KYC_DOCUMENT_TYPE", "Documents must be PDF, JPEG or PNG files", { hint: "The file's contents were checked, not its name" });
  if (!format.wellFormed(bytes)) {
    throw new FolioError("KYC_DOCUMENT_MALFORMED", `The document is not a complete ${format.contentType.split("/")[1]!.toUpperCase()} file`, {
      hint: "It may be truncated or damaged: export or scan it again",
    });
  }
  return format.contentType;
}

/** Reads an uploaded file after checking its size (before reading it), then its type. */
export async function readDocument(file: { size: number; arrayBuffer(): Promise<ArrayBuffer> }, maxBytes: number): Promise<{ bytes: Buffer; contentType: string }> {
  if (file.size > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(await file.arrayBuffer());
  return checkDocument(bytes, maxBytes);
}

export function checkDocument(bytes: Buffer, maxBytes: number): { bytes: Buffer; contentType: string } {
  if (bytes.length === 0) throw new FolioError("KYC_DOCUMENT_EMPTY", "The document is empty");
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return { bytes, contentType: detectDocumentType(bytes) };
}

const tooLarge = (maxBytes: number) =>
  new FolioError("KYC_DOCUMENT_TOO_LARGE", `Documents must be at most ${maxBytes} bytes`, { hint: "Scan at a lower resolution or as a PDF" });

/** How far from the end of a PDF its `startxref` and `%%EOF` may be (writers add a little trailing whitespace). */
const PDF_TAIL_BYTES = 1024;

/**
 * PDF (ISO 32000): a `%PDF-1.x` or `%PDF-2.0` header line; at the end `startxref`, the offset of the last
 * cross-reference section, and `%%EOF`; that offset inside the file, pointing at a cross-reference table (`xref`) or a
 * cross-reference stream object (`N G obj << /Type /XRef`). A file cut short loses its trailer; a forged header lacks the rest.
 */
export function isWellFormedPdf(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, 16));
  if (!/^%PDF-(1\.[0-7]|2\.0)[\r\n \t%]/.test(head)) return false;
  const tail = latin1(bytes.subarray(Math.max(0, bytes.length - PDF_TAIL_BYTES)));
  const match = /startxref\s+(\d{1,15})\s+%%EOF[\r\n \t\0]*$/.exec(tail);
  if (!match) return false;
  const offset = Number(match[1]);
  if (offset < 9 || offset >= bytes.length) return false;
  const target = latin1(bytes.subarray(offset, offset + 1024));
  return /^xref\s/.test(target) || /^\d{1,10}\s+\d{1,5}\s+obj\s*<<[^]*?\/Type\s*\/XRef\b/.test(target);
}

/** PNG: the signature, IHDR (13 bytes) first, then chunks whose lengths chain exactly to IEND, the last bytes. */
export function isWellFormedPng(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let first = true;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = latin1(bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) return false;
    if (first && (type !== "IHDR" || length !== 13)) return false;
    first = false;
    const next = at + 12 + length;
    if (next > bytes.length) return false;
    if (type === "IEND") return length === 0 && next === bytes.length;
    at = next;
  }
  return false;
}

/**
 * JPEG: SOI, then marker segments whose lengths chain up to the start of scan (SOS), and EOI as the last two bytes
 * (trailing zero padding allowed). Standalone markers (RSTn, TEM) carry no length.
 */
export function isWellFormedJpeg(bytes: Uint8Array): boolean {
  let at = 2;
  let sawScan = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { at += 1; continue; } // fill bytes before a marker
    if (marker === 0xd8 || marker === 0xd9) return false; // a second SOI, or EOI before any scan
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) return false;
    at += 2 + length;
    if (marker === 0xda) { sawScan = true; break; }
  }
  if (!sawScan) return false;
  let end = bytes.length;
  while (end > at && bytes[end - 1] === 0x00) end -= 1;
  return end - at >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
