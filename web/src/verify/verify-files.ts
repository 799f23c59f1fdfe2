import { readChainContentHash } from "./chain-hash.ts";
import { cidOfSha256Hex, sha256Hex } from "./content-hash.ts";

export type CheckState = "verified" | "mismatch";

export interface FileCheck {
  key: string;
  /** Names the file: "Metadata file bafkrei….json", "Image 2 of 3 (9f86d0…)". */
  label: string;
  state: CheckState;
  detail: string;
}

export interface VerificationReport {
  /** Where the expected hash came from: the chain itself, or (no endpoint, or unreachable) the server's index. */
  source: "chain" | "index";
  sourceNote: string;
  expectedHash: string;
  checks: FileCheck[];
}

export interface CertificateFacts {
  rpcUrl: string | null;
  collection: `0x${string}`;
  tokenId: string;
  /** The content hash the server indexed (0x hex). */
  contentHash: string;
  metadataUrl: string;
  tokenURI: string;
}

const short = (hex: string) => `${hex.replace(/^0x/, "").slice(0, 12)}…`;

async function fetchBytes(url: string, fetchImpl: typeof fetch): Promise<ArrayBuffer | string> {
  try {
    // Past visits must not answer for the file as it is served now.
    const response = await fetchImpl(url, { cache: "no-store" });
    if (!response.ok) return `it could not be fetched (HTTP ${response.status})`;
    return await response.arrayBuffer();
  } catch {
    return "it could not be fetched";
  }
}

/** Compares a fetched file's SHA-256 with the hash a trusted source names for it. */
async function checkFile(key: string, label: string, url: string, expected: string, fetchImpl: typeof fetch): Promise<FileCheck & { bytes?: ArrayBuffer }> {
  const bytes = await fetchBytes(url, fetchImpl);
  if (typeof bytes === "string") return { key, label, state: "mismatch", detail: `Does not match: ${bytes}.` };
  const actual = await sha256Hex(bytes);
  return actual === expected
    ? { key, label, state: "verified", detail: `SHA-256 ${short(actual)} as recorded.`, bytes }
    : { key, label, state: "mismatch", detail: `Does not match: its SHA-256 is ${short(actual)}, the record says ${short(expected)}.`, bytes };
}

/** The hash to check against: the chain's when the browser can read it, else the server's indexed value. */
async function expectedHash(facts: CertificateFacts, fetchImpl: typeof fetch) {
  const indexed = facts.contentHash.toLowerCase();
  try {
    const onChain = await readChainContentHash(facts.rpcUrl, facts.collection, facts.tokenId, fetchImpl);
    if (onChain) return { source: "chain" as const, hash: onChain, note: onChain === indexed ? "Content hash read from the chain by this browser." : "Content hash read from the chain by this browser (the platform's index differs: it may be behind)." };
    return { source: "index" as const, hash: indexed, note: "This platform offers browsers no chain endpoint: the content hash is the platform's indexed copy of the chain." };
  } catch {
    return { source: "index" as const, hash: indexed, note: "The chain could not be reached from this browser: the content hash is the platform's indexed copy of the chain." };
  }
}

/**
 * The visitor's own check that what the platform serves is what the certificate names: the metadata JSON hashes to
 * the on-chain content hash, its CID is the one tokenURI ends with, and every image hashes to what the metadata says.
 */
export async function verifyCertificateFiles(facts: CertificateFacts, fetchImpl: typeof fetch = fetch): Promise<VerificationReport> {
  const expected = await expectedHash(facts, fetchImpl);
  const hex = expected.hash.replace(/^0x/, "");
  const cid = cidOfSha256Hex(hex);
  const checks: FileCheck[] = [];
  const metadata = await checkFile("metadata", `Metadata file ${facts.metadataUrl.split("/").pop()}`, facts.metadataUrl, hex, fetchImpl);
  checks.push({ key: metadata.key, label: metadata.label, state: metadata.state, detail: metadata.detail });
  const uriCid = facts.tokenURI.split("/").pop() ?? "";
  checks.push(uriCid === cid
    ? { key: "cid", label: "Content identifier in tokenURI", state: "verified", detail: `${cid} is the CID of the content hash.` }
    : { key: "cid", label: "Content identifier in tokenURI", state: "mismatch", detail: `Does not match: tokenURI names ${uriCid || "nothing"}, the content hash gives ${cid}.` });

  let images: { sha256: string; url: string }[] | null = null;
  try {
    const document = JSON.parse(new TextDecoder().decode(metadata.bytes)) as { images?: { sha256?: unknown; url?: unknown }[] };
    images = (document.images ?? []).filter((i): i is { sha256: string; url: string } => typeof i.sha256 === "string" && typeof i.url === "string");
  } catch {
    images = null;
  }
  if (!images || images.length === 0) {
    checks.push({ key: "images", label: "Images", state: "mismatch", detail: "Does not match: the metadata names no image that could be checked." });
    return { source: expected.source, sourceNote: expected.note, expectedHash: expected.hash, checks };
  }
  const results = await Promise.all(images.map((image, i) =>
    checkFile(`image-${i}`, `Image ${i + 1} of ${images.length} (${image.sha256.slice(0, 12)}…)`, image.url, image.sha256.toLowerCase(), fetchImpl)));
  for (const r of results) checks.push({ key: r.key, label: r.label, state: r.state, detail: r.detail });
  return { source: expected.source, sourceNote: expected.note, expectedHash: expected.hash, checks };
}
