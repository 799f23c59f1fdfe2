import type { Address } from "viem";
import type { CertificateView } from "../artworks/certificate-reader.ts";
import type { GraphQLContext } from "./context.ts";

// `ArtworkImage` is declared by the artwork module (artworks.ts).
export const certificateTypeDefs = /* GraphQL */ `
  enum CertificateStatus { ACTIVE LOST STOLEN DESTROYED REVOKED }
  "Why a status changed or an attestation was revoked (ArtworkTypes reasons)."
  enum CertificateReason { NONE ISSUED_IN_ERROR NOT_AUTHENTIC LEGAL_ORDER SUPERSEDED OTHER }
  enum AttesterRole { ARTIST SPECIALIST CONSERVATOR APPRAISER }
  enum ProvenanceKind { CUSTODY LOAN EXHIBITION CONDITION_REPORT SALE }

  "The public facts of the work a certificate is for, from its registered canonical metadata."
  type CertificateArtwork {
    artist: String!
    title: String!
    year: Int
    medium: String!
    dimensions: String!
    edition: String
    inscriptions: String
    description: String!
    "In the metadata's order; each sha256 is what the metadata names for that file."
    images: [ArtworkImage!]!
  }

  type CertificateAttestation {
    attestationId: String!
    role: AttesterRole!
    attester: Address!
    "SHA-256 or keccak hash of the attester's statement, kept off chain."
    statementHash: String!
    "Carried as the attester's EIP-712 (or ERC-1271) signature rather than sent by the attester."
    signed: Boolean!
    "UTC time of the block that recorded it (ISO 8601)."
    recordedAt: String!
    revoked: Boolean!
    revokedReason: CertificateReason
    revokedAt: String
  }

  type ProvenanceEntry {
    kind: ProvenanceKind!
    "The date the entry is about: YYYY, YYYY-MM or YYYY-MM-DD."
    date: String!
    documentHash: String!
    recordedBy: Address!
    "UTC time of the block that recorded it (ISO 8601)."
    recordedAt: String!
    txHash: String!
    "Sales only: the price in the currency's minor units, its ISO 4217 code and the lot number (null for a private sale)."
    price: BigInt
    currency: String
    lot: String
  }

  "A certificate of authenticity as the chain index holds it. Public: nothing personal."
  type Certificate {
    collection: Address!
    collectionName: String!
    tokenId: BigInt!
    "The token id as 0x and 64 hex digits: the SHA-256 of the metadata at issuance."
    tokenIdHex: String!
    issuer: Address!
    "The issuer's display name when the platform records one; null otherwise (show the address)."
    issuerName: String
    owner: Address!
    status: CertificateStatus!
    statusReason: CertificateReason!
    statusDocumentHash: String
    statusChangedAt: String
    "The artist's resale royalty (ERC-2981): receiver and basis points; null and 0 when none."
    royaltyReceiver: Address
    royaltyBps: Int!
    "SHA-256 (0x hex) of the current canonical metadata, as the chain logged it."
    contentHash: String!
    "IPFS CIDv1 (raw, sha2-256) of contentHash."
    metadataCid: String!
    "Where this platform serves the metadata, byte for byte."
    metadataUrl: String!
    tokenURI: String!
    mintTx: String!
    mintedBlock: Int!
    mintedAt: String!
    "Null when the metadata was not registered on this platform."
    artwork: CertificateArtwork
    attestations: [CertificateAttestation!]!
    "Oldest first."
    provenance: [ProvenanceEntry!]!
    "The block the index had reached: events after it are not shown yet."
    indexedBlock: Int!
  }

  extend type Query {
    """
    A certificate of one of the platform's artwork collections, for the public verification page (no sign-in).
    Null when no certificate with this id is indexed; ARTWORK_COLLECTION_UNKNOWN for another contract.
    """
    certificate(collection: Address!, tokenId: BigInt!): Certificate
  }
`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toCertificateNode(ctx: GraphQLContext, c: CertificateView) {
  const urls = ctx.services.artworks.urls;
  const a = c.artwork;
  return {
    ...c,
    tokenIdHex: `0x${c.tokenId.toString(16).padStart(64, "0")}`,
    statusChangedAt: iso(c.statusChangedAt),
    mintedAt: iso(c.mintedAt),
    metadataUrl: urls.metadata(c.metadataCid),
    artwork: a && {
      artist: a.artist, title: a.title, year: a.year, medium: a.medium, dimensions: a.dimensions, edition: a.edition,
      inscriptions: a.inscriptions, description: a.description,
      images: a.images.map((image) => ({
        sha256: image.sha256, mimeType: image.mime, bytes: image.bytes, width: image.width, height: image.height,
        url: urls.image(image.sha256), thumbnailSha256: image.thumbnailSha256, thumbnailUrl: urls.thumbnail(image.thumbnailSha256),
      })),
    },
    attestations: c.attestations.map((t) => ({ ...t, recordedAt: iso(t.recordedAt), revokedAt: iso(t.revokedAt) })),
    provenance: c.provenance.map((p) => ({ ...p, recordedAt: iso(p.recordedAt) })),
  };
}

export const certificateResolvers = {
  Query: {
    certificate: async (_: unknown, args: { collection: Address; tokenId: bigint }, ctx: GraphQLContext) => {
      const certificate = await ctx.services.certificates.find(args.collection, args.tokenId);
      return certificate ? toCertificateNode(ctx, certificate) : null;
    },
  },
};
