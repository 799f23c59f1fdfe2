export const DOCUMENT_KINDS = [
  { value: "IDENTITY", label: "Identity document (passport, ID card)" },
  { value: "PROOF_OF_ADDRESS", label: "Proof of address" },
  { value: "ACCREDITATION", label: "Evidence of investor category (accreditation)" },
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]["value"];

export const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"];
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export const kindLabel = (kind: string) => DOCUMENT_KINDS.find((k) => k.value === kind)?.label ?? kind;

/** Why a chosen file cannot be sent (the server also checks its contents), or undefined. */
export function documentFileError(file: { type: string; size: number } | null): string | undefined {
  if (!file) return "Choose a file";
  if (!DOCUMENT_TYPES.includes(file.type)) return "Choose a PDF, JPEG or PNG file";
  if (file.size === 0) return "This file is empty";
  if (file.size > MAX_DOCUMENT_BYTES) return `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`;
  return undefined;
}

/** 1.2 kB, 3.4 MB */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
