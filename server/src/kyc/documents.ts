import { FolioError } from "../errors.ts";

export const DOCUMENT_KINDS = ["identity", "proof_of_address", "accreditation"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** File signatures of the accepted formats: the declared content type and the file name are not trusted. */
const SIGNATURES: { contentType: string; magic: number[] }[] = [
  { contentType: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { contentType: "image/png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
];

/** The content type of `bytes` by its magic bytes (PDF, PNG or JPEG), or KYC_DOCUMENT_TYPE. */
export function detectDocumentType(bytes: Uint8Array): string {
  const match = SIGNATURES.find(({ magic }) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b));
  if (!match) throw new FolioError("KYC_DOCUMENT_TYPE", "Documents must be PDF, JPEG or PNG files", { hint: "The file's contents were checked, not its name" });
  return match.contentType;
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
