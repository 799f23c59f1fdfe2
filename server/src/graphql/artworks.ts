import type { Address } from "viem";
import { requireSignedIn } from "../auth/authorize.ts";
import type { ArtworkImageRecord, ArtworkInput, ArtworkRecord, UploadedFile } from "../artworks/artwork-registry.ts";
import { FolioError } from "../errors.ts";
import { readSeqPageArgs, toConnection, type PageArgs } from "./connection.ts";
import type { GraphQLContext } from "./context.ts";

// `File` is declared by the KYC module (kyc.ts) and `UnsignedTransaction` by the distributions module.
export const artworkTypeDefs = /* GraphQL */ `
  "What an auction house or gallery records of a physical work; text is trimmed and must hold no control characters."
  input ArtworkInput {
    "The certificate collection (contract address); the platform's open collection when left out."
    collection: Address
    "At most 200 characters."
    artist: String!
    "At most 300 characters."
    title: String!
    "The year the work was made (negative for BCE); not later than this year."
    year: Int
    "At most 200 characters, e.g. Oil on canvas."
    medium: String!
    "At most 200 characters, e.g. 81 × 65 cm."
    dimensions: String!
    "At most 100 characters, e.g. 3/25 or Unique."
    edition: String
    "Signatures, dates and marks on the work; several lines, at most 2,000 characters."
    inscriptions: String
    "Several lines, at most 10,000 characters."
    description: String!
  }

  "An image of a work as stored: re-encoded without metadata (no EXIF, no GPS), upright, content-addressed."
  type ArtworkImage {
    "SHA-256 (hex) of the stored file: what the metadata names and the stable URL ends with."
    sha256: String!
    mimeType: String!
    bytes: Int!
    width: Int!
    height: Int!
    url: String!
    thumbnailSha256: String!
    thumbnailUrl: String!
  }

  type Artwork {
    id: ID!
    "The issuer's wallet (an authorised issuer of the collection)."
    issuer: Address!
    collection: Address!
    artist: String!
    title: String!
    year: Int
    medium: String!
    dimensions: String!
    edition: String
    inscriptions: String
    description: String!
    images: [ArtworkImage!]!
    "The canonical metadata JSON (RFC 8785), byte for byte as served at metadataUrl."
    metadataJson: String!
    "SHA-256 (hex) of metadataJson: the certificate's token id."
    metadataSha256: String!
    "IPFS CIDv1 (raw, sha2-256) of metadataJson: what the certificate's tokenURI ends with."
    metadataCid: String!
    metadataUrl: String!
    "The certificate's token id once its mint is recorded (recordArtworkMint)."
    tokenId: BigInt
    mintTx: String
    mintedBlock: Int
    createdAt: String!
  }

  type ArtworkEdge {
    node: Artwork!
    cursor: String!
  }

  type ArtworkConnection {
    edges: [ArtworkEdge!]!
    pageInfo: PageInfo!
  }

  extend type Query {
    "One registered artwork (public: no personal data), or null."
    artwork(id: ID!): Artwork
    "Registered artworks, newest first, optionally of one issuer."
    artworks(issuer: Address, first: Int, after: String): ArtworkConnection!
    """
    The transaction the artwork's issuer sends from their own wallet to mint its certificate: mint(to, metadata
    SHA-256, royalty receiver, royalty bps) on its collection. to defaults to the issuer. The artist's resale royalty
    is at most 1000 bps (ARTWORK_ROYALTY_INVALID); a recipient the collection refuses gives ARTWORK_RECIPIENT_INVALID.
    """
    artworkMintCall(id: ID!, to: Address, royaltyReceiver: Address, royaltyBps: Int): UnsignedTransaction!
  }

  extend type Mutation {
    """
    Registers a work with its images (multipart file uploads: JPEG, PNG or WebP by content, at most
    FOLIO_ARTWORK_MAX_IMAGE_BYTES each and FOLIO_ARTWORK_MAX_IMAGES in all). Only wallets the collection authorises as
    issuers (FORBIDDEN otherwise). Codes: ARTWORK_FIELD_REQUIRED, ARTWORK_FIELD_TOO_LONG, ARTWORK_FIELD_INVALID,
    ARTWORK_YEAR_INVALID, ARTWORK_IMAGES_MISSING, ARTWORK_TOO_MANY_IMAGES, ARTWORK_IMAGE_EMPTY, ARTWORK_IMAGE_TOO_LARGE,
    ARTWORK_IMAGE_TYPE, ARTWORK_IMAGE_MALFORMED, ARTWORK_IMAGE_DIMENSIONS, ARTWORK_IMAGE_REPEATED,
    ARTWORK_ALREADY_REGISTERED, ARTWORK_COLLECTION_UNKNOWN.
    """
    registerArtwork(input: ArtworkInput!, images: [File!]!): Artwork!
    """
    Links the certificate minted by txHash, read from the chain: the transaction succeeded and the artwork's collection
    logged CertificateIssued for its token id by its issuer, at least FOLIO_CONFIRMATIONS blocks deep
    (ARTWORK_MINT_NOT_FOUND, ARTWORK_MINT_FAILED, ARTWORK_MINT_UNCONFIRMED, ARTWORK_MINT_MISMATCH, ARTWORK_ALREADY_MINTED).
    """
    recordArtworkMint(id: ID!, txHash: String!): Artwork!
  }
`;

const SEQ_PATTERN = /^[1-9][0-9]{0,15}$/;

const isFile = (value: unknown): value is UploadedFile => typeof (value as UploadedFile | null)?.arrayBuffer === "function";

function toArtworkNode(ctx: GraphQLContext, a: ArtworkRecord) {
  const urls = ctx.services.artworks.urls;
  return {
    ...a,
    images: a.images.map((image: ArtworkImageRecord) => ({
      sha256: image.sha256, mimeType: image.mime, bytes: image.bytes, width: image.width, height: image.height,
      url: urls.image(image.sha256), thumbnailSha256: image.thumbnailSha256, thumbnailUrl: urls.thumbnail(image.thumbnailSha256),
    })),
    metadataUrl: urls.metadata(a.metadataCid),
    createdAt: a.createdAt.toISOString(),
  };
}

export const artworkResolvers = {
  Query: {
    artwork: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const artwork = await ctx.services.artworks.find(args.id);
      return artwork ? toArtworkNode(ctx, artwork) : null;
    },
    artworks: async (_: unknown, args: PageArgs & { issuer?: Address | null }, ctx: GraphQLContext) => {
      const { limit, afterSeq } = readSeqPageArgs(args, SEQ_PATTERN, "artworks");
      const rows = await ctx.services.artworks.list({ issuer: args.issuer ?? null, limit, afterSeq });
      return toConnection(rows, limit, (a: ArtworkRecord) => a.seq, (a) => toArtworkNode(ctx, a));
    },
    artworkMintCall: async (_: unknown, args: { id: string; to?: Address | null; royaltyReceiver?: Address | null; royaltyBps?: number | null }, ctx: GraphQLContext) => {
      const viewer = requireSignedIn(ctx);
      return ctx.services.artworks.mintCall(viewer.address, args.id, args);
    },
  },
  Mutation: {
    registerArtwork: async (_: unknown, args: { input: ArtworkInput; images: unknown[] }, ctx: GraphQLContext) => {
      const viewer = requireSignedIn(ctx);
      if (!args.images.every(isFile)) throw new FolioError("ARTWORK_IMAGES_MISSING", "images must be sent as multipart file uploads");
      return toArtworkNode(ctx, await ctx.services.artworks.registerArtwork(viewer.address, args.input, args.images));
    },
    recordArtworkMint: async (_: unknown, args: { id: string; txHash: string }, ctx: GraphQLContext) => {
      const viewer = requireSignedIn(ctx);
      return toArtworkNode(ctx, await ctx.services.artworks.recordMint(viewer.address, args.id, args.txHash));
    },
  },
};
