import { createHash } from "node:crypto";
import canonicalizeModule from "canonicalize";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";

// canonicalize is CommonJS (module.exports = serialize) with an ES-style `export default` in its types: the default
// import is the function at run time, typed as the module.
const canonicalize = ((canonicalizeModule as { default?: unknown }).default ?? canonicalizeModule) as (input: unknown) => string | undefined;

/** What an issuer records of a work; optional fields are null when not given. */
export interface ArtworkFields {
  artist: string;
  title: string;
  year: number | null;
  medium: string;
  dimensions: string;
  edition: string | null;
  inscriptions: string | null;
  description: string;
}

/** An image as the metadata names it: its stored file's SHA-256 (lowercase hex) and facts. */
export interface MetadataImage {
  sha256: string;
  mime: string;
  width: number;
  height: number;
}

/** The canonical metadata of a work: its exact bytes, their SHA-256 (the certificate's token id) and IPFS CIDv1. */
export interface CanonicalMetadata {
  json: string;
  /** Lowercase hex, no 0x. */
  sha256: string;
  /** The token id the certificate gets: the SHA-256 read as a uint256. */
  tokenId: bigint;
  /** CIDv1, raw codec, sha2-256, base32 ("bafkrei…"): what the certificate's tokenURI ends with. */
  cid: string;
}

/**
 * The metadata document of a certificate: OpenSea-compatible `name`, `description`, `image` (the stable URL of the
 * first image) and `attributes`, then the art fields and every image with its SHA-256, so that anyone holding the
 * document can check the images it names. Optional fields are left out rather than null; text is kept as given.
 */
export function artworkMetadata(fields: ArtworkFields, images: readonly MetadataImage[], imageUrl: (sha256: string) => string): Record<string, unknown> {
  if (images.length === 0) throw new Error("an artwork's metadata needs at least one image");
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : { [key]: value });
  const attributes = [
    { trait_type: "Artist", value: fields.artist },
    ...(fields.year === null ? [] : [{ trait_type: "Year", value: fields.year }]),
    { trait_type: "Medium", value: fields.medium },
    { trait_type: "Dimensions", value: fields.dimensions },
    ...(fields.edition === null ? [] : [{ trait_type: "Edition", value: fields.edition }]),
  ];
  return {
    name: fields.title,
    description: fields.description,
    image: imageUrl(images[0]!.sha256),
    attributes,
    artist: fields.artist,
    title: fields.title,
    ...optional("year", fields.year),
    medium: fields.medium,
    dimensions: fields.dimensions,
    ...optional("edition", fields.edition),
    ...optional("inscriptions", fields.inscriptions),
    images: images.map((image) => ({ sha256: image.sha256, mime_type: image.mime, width: image.width, height: image.height, url: imageUrl(image.sha256) })),
  };
}

/** Serialises `document` by RFC 8785 (JSON Canonicalization Scheme) and derives its SHA-256, token id and CID. */
export function canonicalMetadata(document: Record<string, unknown>): CanonicalMetadata {
  const json = canonicalize(document);
  if (json === undefined) throw new Error("metadata cannot be serialised");
  const hash = createHash("sha256").update(json, "utf8").digest();
  return { json, sha256: hash.toString("hex"), tokenId: BigInt(`0x${hash.toString("hex")}`), cid: cidOfSha256(hash) };
}

/** The IPFS CIDv1 (raw codec 0x55, sha2-256) of content whose SHA-256 is `hash`. */
export function cidOfSha256(hash: Uint8Array): string {
  return CID.create(1, raw.code, Digest.create(sha256.code, hash)).toString();
}
