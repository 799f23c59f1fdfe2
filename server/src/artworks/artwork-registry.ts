import { randomUUID } from "node:crypto";
import { encodeFunctionData, getAddress, isAddressEqual, parseEventLogs, zeroAddress, type Address, type Hex } from "viem";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { ArtworkConfig } from "../config/artwork-config.ts";
import type { Database } from "../db/database.ts";
import type { UnsignedTransaction } from "../distributions/funding-transactions.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createArtworkFileStore, prepareImage, type PreparedImage } from "./artwork-images.ts";
import { artworkMetadata, canonicalMetadata, type ArtworkFields } from "./canonical-metadata.ts";

/** Deployment labels of the certificate collections (scripts/lib/deploy-artwork.ts). */
export const ARTWORK_COLLECTION_LABELS = ["ArtworkCertificate", "ArtworkCertificateVerifiedOwners"] as const;

/** The artist's resale royalty is capped on chain (ArtworkTypes.MAX_ROYALTY_BPS). */
export const MAX_ROYALTY_BPS = 1_000;

const TEXT_LIMITS = { artist: 200, title: 300, medium: 200, dimensions: 200, edition: 100, inscriptions: 2_000, description: 10_000 } as const;
const REQUIRED_TEXT = ["artist", "title", "medium", "dimensions", "description"] as const;
const OPTIONAL_TEXT = ["edition", "inscriptions"] as const;

export type UploadedFile = { size: number; arrayBuffer(): Promise<ArrayBuffer> };

export interface ArtworkInput {
  collection?: Address | null;
  artist: string;
  title: string;
  year?: number | null;
  medium: string;
  dimensions: string;
  edition?: string | null;
  inscriptions?: string | null;
  description: string;
}

export interface ArtworkImageRecord {
  position: number;
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  thumbnailSha256: string;
}

export interface ArtworkRecord extends ArtworkFields {
  id: string;
  seq: string;
  issuer: Address;
  collection: Address;
  images: ArtworkImageRecord[];
  metadataJson: string;
  metadataSha256: string;
  metadataCid: string;
  tokenId: bigint | null;
  mintTx: Hex | null;
  mintedBlock: number | null;
  createdAt: Date;
}

interface ArtworkRow {
  id: string; seq: string; issuer: string; collection: string; artist: string; title: string; year: number | null; medium: string;
  dimensions: string; edition: string | null; inscriptions: string | null; description: string; metadata_json: string;
  metadata_sha256: string; metadata_cid: string; token_id: string | null; mint_tx: string | null; minted_block: string | number | null;
  created_at: Date | string;
}

const invalid = (code: string, message: string, hint?: string) => new FolioError(code, message, { hint });
export const artworkNotFound = () => new FolioError("ARTWORK_NOT_FOUND", "No such artwork");
const alreadyRegistered = () =>
  invalid("ARTWORK_ALREADY_REGISTERED", "This work is already registered with the same details and images", "A new certificate needs different metadata");

/** Letters, digits, punctuation, spaces; line breaks only where a field may hold several lines. Control characters never. */
function checkText(field: string, value: unknown, options: { required: boolean; multiline: boolean; max: number }): string | null {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) {
    if (options.required) throw invalid("ARTWORK_FIELD_REQUIRED", `${field} is required`);
    return null;
  }
  if (typeof value !== "string") throw invalid("ARTWORK_FIELD_INVALID", `${field} must be text`);
  const text = value.normalize("NFC").trim();
  if ([...text].length > options.max) throw invalid("ARTWORK_FIELD_TOO_LONG", `${field} must be at most ${options.max} characters`);
  const forbidden = options.multiline ? /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/ : /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/;
  if (forbidden.test(text)) {
    throw invalid("ARTWORK_FIELD_INVALID", `${field} must not contain control characters${options.multiline ? "" : " or line breaks"}`);
  }
  return text;
}

/** Every field of `input` checked and normalised (NFC, trimmed), or the first problem with its code. */
export function checkArtworkFields(input: ArtworkInput, now = new Date()): ArtworkFields {
  const fields: Record<string, string | null> = {};
  for (const field of REQUIRED_TEXT) {
    fields[field] = checkText(field, input[field], { required: true, multiline: field === "description", max: TEXT_LIMITS[field] });
  }
  for (const field of OPTIONAL_TEXT) {
    fields[field] = checkText(field, input[field], { required: false, multiline: field === "inscriptions", max: TEXT_LIMITS[field] });
  }
  const year = input.year ?? null;
  if (year !== null && (!Number.isInteger(year) || year < -50_000 || year > now.getUTCFullYear())) {
    throw invalid("ARTWORK_YEAR_INVALID", `year must be a whole year no later than ${now.getUTCFullYear()} (negative for BCE)`);
  }
  return { ...(fields as Omit<ArtworkFields, "year">), year };
}

/**
 * The artwork registry: works an authorised certificate issuer (an auction house or gallery wallet that the
 * certificate contract lists with `isIssuer`) records with their images, and the canonical metadata whose SHA-256 is
 * the certificate's token id. Minting is done by the issuer's own wallet (`mintCall`); `recordMint` then reads the
 * mint back from the chain. Nothing here is personal data.
 */
export function createArtworkRegistry(options: {
  db: Database;
  chain: Chain;
  config: ArtworkConfig["artworks"];
  dataDir: string;
  publicUrl: string;
  logger: Logger;
  /** Blocks a mint must be under before it is recorded (FOLIO_CONFIRMATIONS, as the indexer). */
  confirmations?: number;
}) {
  const { db, chain, config, publicUrl, logger } = options;
  const confirmations = BigInt(options.confirmations ?? 0);
  const files = createArtworkFileStore(options.dataDir);
  const urls = {
    image: (sha256: string) => `${publicUrl}/artworks/images/${sha256}`,
    thumbnail: (sha256: string) => `${publicUrl}/artworks/thumbnails/${sha256}`,
    metadata: (cid: string) => `${publicUrl}/artworks/metadata/${cid}.json`,
  };

  /** The deployed collections, by label. */
  function collections(): { label: string; address: Address }[] {
    return ARTWORK_COLLECTION_LABELS.flatMap((label) => {
      const entry = chain.deployment.contracts[label];
      return entry ? [{ label, address: entry.address as Address }] : [];
    });
  }

  function collectionOf(requested: Address | null | undefined): Address {
    const known = collections();
    if (!known.length) throw invalid("ARTWORK_COLLECTION_UNKNOWN", "No artwork-certificate collection is deployed on this chain");
    if (requested == null) return known[0]!.address;
    const match = known.find((c) => isAddressEqual(c.address, requested));
    if (!match) throw invalid("ARTWORK_COLLECTION_UNKNOWN", `${requested} is not an artwork-certificate collection of this platform`, `Use one of ${known.map((c) => c.address).join(", ")}`);
    return match.address;
  }

  const isIssuer = (collection: Address, account: Address) =>
    chain.client.readContract({ address: collection, abi: artworkCertificateAbi, functionName: "isIssuer", args: [account] });

  async function requireIssuer(collection: Address, account: Address): Promise<void> {
    if (!(await isIssuer(collection, account))) {
      throw new FolioError("FORBIDDEN", `${account} is not an authorised issuer of the artwork collection ${collection}`, {
        hint: "The platform owner authorises issuers on the certificate contract (authorizeIssuer)",
      });
    }
  }

  async function readUploads(uploads: readonly UploadedFile[]): Promise<PreparedImage[]> {
    if (uploads.length === 0) throw invalid("ARTWORK_IMAGES_MISSING", "Send at least one image of the work");
    if (uploads.length > config.maxImagesPerArtwork) throw invalid("ARTWORK_TOO_MANY_IMAGES", `An artwork has at most ${config.maxImagesPerArtwork} images`);
    const prepared: PreparedImage[] = [];
    for (const upload of uploads) {
      // The declared size is checked before the bytes are read, and the bytes again after.
      if (upload.size > config.maxImageBytes) {
        throw invalid("ARTWORK_IMAGE_TOO_LARGE", `Images must be at most ${config.maxImageBytes} bytes`, "Export the image at a lower resolution or quality");
      }
      const bytes = Buffer.from(await upload.arrayBuffer());
      prepared.push(await prepareImage(bytes, { maxBytes: config.maxImageBytes, maxPixels: config.maxImagePixels }));
    }
    const hashes = prepared.map((p) => p.image.sha256);
    if (new Set(hashes).size !== hashes.length) throw invalid("ARTWORK_IMAGE_REPEATED", "The same image was sent twice for this artwork");
    return prepared;
  }

  async function imagesOf(ids: string[]): Promise<Map<string, ArtworkImageRecord[]>> {
    const byArtwork = new Map<string, ArtworkImageRecord[]>(ids.map((id) => [id, []]));
    if (!ids.length) return byArtwork;
    const { rows } = await db.query<{ artwork_id: string; position: number; sha256: string; mime: string; bytes: number; width: number; height: number; thumbnail_sha256: string }>(
      `select i.artwork_id, i.position, i.sha256, f.mime, f.bytes, f.width, f.height, i.thumbnail_sha256
       from artwork_images i join artwork_files f on f.sha256 = i.sha256 where i.artwork_id = any($1) order by i.artwork_id, i.position`,
      [ids],
    );
    for (const r of rows) {
      byArtwork.get(r.artwork_id)!.push({ position: r.position, sha256: r.sha256, mime: r.mime, bytes: r.bytes, width: r.width, height: r.height, thumbnailSha256: r.thumbnail_sha256 });
    }
    return byArtwork;
  }

  async function toRecords(rows: ArtworkRow[]): Promise<ArtworkRecord[]> {
    const images = await imagesOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id, seq: String(r.seq), issuer: getAddress(r.issuer), collection: getAddress(r.collection),
      artist: r.artist, title: r.title, year: r.year, medium: r.medium, dimensions: r.dimensions, edition: r.edition,
      inscriptions: r.inscriptions, description: r.description, images: images.get(r.id)!,
      metadataJson: r.metadata_json, metadataSha256: r.metadata_sha256, metadataCid: r.metadata_cid,
      tokenId: r.token_id === null ? null : BigInt(r.token_id), mintTx: r.mint_tx as Hex | null,
      mintedBlock: r.minted_block === null ? null : Number(r.minted_block), createdAt: new Date(r.created_at),
    }));
  }

  async function find(id: string): Promise<ArtworkRecord | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const { rows } = await db.query<ArtworkRow>("select * from artworks where id = $1", [id]);
    return (await toRecords(rows))[0] ?? null;
  }

  return {
    urls,
    files,
    collections,

    /**
     * Registers a work for `issuer`, who must be an authorised issuer of the collection on chain (FORBIDDEN
     * otherwise). Every field and image is checked before anything is stored; the images are stored
     * content-addressed, then the record and its canonical metadata in one transaction.
     */
    async registerArtwork(issuer: Address, input: ArtworkInput, uploads: readonly UploadedFile[]): Promise<ArtworkRecord> {
      const collection = collectionOf(input.collection);
      await requireIssuer(collection, issuer);
      const fields = checkArtworkFields(input);
      const prepared = await readUploads(uploads);
      const metadata = canonicalMetadata(artworkMetadata(fields, prepared.map((p) => p.image), urls.image));
      const taken = await db.query("select 1 from artworks where metadata_sha256 = $1", [metadata.sha256]);
      if (taken.rows.length) throw alreadyRegistered();
      for (const p of prepared) {
        await files.put(p.image);
        await files.put(p.thumbnail);
      }
      const id = randomUUID();
      // A concurrent registration of the same metadata loses on the unique key: the same answer as the check above.
      await db.transaction(async (tx) => {
        for (const file of prepared.flatMap((p) => [p.image, p.thumbnail])) {
          await tx.query(
            "insert into artwork_files (sha256, mime, bytes, width, height) values ($1, $2, $3, $4, $5) on conflict (sha256) do nothing",
            [file.sha256, file.mime, file.bytes, file.width, file.height],
          );
        }
        await tx.query(
          `insert into artworks (id, issuer, collection, artist, title, year, medium, dimensions, edition, inscriptions, description, metadata_json, metadata_sha256, metadata_cid)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [id, issuer, collection, fields.artist, fields.title, fields.year, fields.medium, fields.dimensions, fields.edition, fields.inscriptions, fields.description, metadata.json, metadata.sha256, metadata.cid],
        );
        for (const [position, p] of prepared.entries()) {
          await tx.query("insert into artwork_images (artwork_id, position, sha256, thumbnail_sha256) values ($1, $2, $3, $4)", [id, position, p.image.sha256, p.thumbnail.sha256]);
        }
        await recordAudit(tx, {
          actor: issuer, action: "artwork.register", target: id, outcome: "success",
          details: { collection, images: prepared.length, metadataSha256: metadata.sha256, metadataCid: metadata.cid },
        });
      }).catch((error: unknown) => {
        if ((error as { code?: string }).code === "23505") throw alreadyRegistered();
        throw error;
      });
      logger.info({ msg: "artwork registered", artworkId: id, collection, images: prepared.length, metadataCid: metadata.cid });
      return (await find(id))!;
    },

    find,

    async list(args: { issuer?: Address | null; limit: number; afterSeq: number | null }): Promise<ArtworkRecord[]> {
      const { rows } = await db.query<ArtworkRow>(
        `select * from artworks where ($1::text is null or issuer = $1) and ($2::bigint is null or seq < $2) order by seq desc limit $3`,
        [args.issuer ?? null, args.afterSeq, args.limit + 1],
      );
      return toRecords(rows);
    },

    /** The artwork whose canonical metadata has this CID, for the public metadata URL. */
    async metadataByCid(cid: string): Promise<string | null> {
      if (!/^b[a-z2-7]{20,100}$/.test(cid)) return null;
      const { rows } = await db.query<{ metadata_json: string }>("select metadata_json from artworks where metadata_cid = $1", [cid]);
      return rows[0]?.metadata_json ?? null;
    },

    /** A stored image or thumbnail that a registered artwork uses, with its type; null for anything else. */
    async publicFile(kind: "image" | "thumbnail", sha256: string): Promise<{ mime: string; data: Buffer } | null> {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
      const column = kind === "image" ? "sha256" : "thumbnail_sha256";
      const { rows } = await db.query<{ mime: string }>(
        `select f.mime from artwork_files f where f.sha256 = $1 and exists (select 1 from artwork_images i where i.${column} = $1)`,
        [sha256],
      );
      if (!rows.length) return null;
      const data = await files.get(sha256);
      return data ? { mime: rows[0]!.mime, data } : null;
    },

    /**
     * The transaction the issuer's wallet sends to mint the certificate: `mint(to, sha256 of the metadata, royalty
     * receiver, royalty bps)` on the artwork's collection. Checked first as the contract would: the caller is the
     * artwork's issuer and still authorised, the work is not minted, the royalty within the cap, the recipient allowed.
     */
    async mintCall(caller: Address, id: string, args: { to?: Address | null; royaltyReceiver?: Address | null; royaltyBps?: number | null }): Promise<UnsignedTransaction> {
      const artwork = await find(id);
      if (!artwork) throw artworkNotFound();
      if (!isAddressEqual(artwork.issuer, caller)) throw new FolioError("FORBIDDEN", "Only the artwork's issuer mints its certificate");
      if (artwork.tokenId !== null) throw invalid("ARTWORK_ALREADY_MINTED", "This artwork's certificate is already minted");
      const bps = args.royaltyBps ?? 0;
      if (!Number.isInteger(bps) || bps < 0 || bps > MAX_ROYALTY_BPS) {
        throw invalid("ARTWORK_ROYALTY_INVALID", `royaltyBps must be a whole number from 0 to ${MAX_ROYALTY_BPS} (10%)`);
      }
      const receiver = args.royaltyReceiver ?? zeroAddress;
      if ((receiver === zeroAddress) !== (bps === 0)) {
        throw invalid("ARTWORK_ROYALTY_INVALID", "Give a royalty receiver exactly when royaltyBps is above 0");
      }
      const to = args.to ?? caller;
      if (to === zeroAddress) throw invalid("ARTWORK_RECIPIENT_INVALID", "The certificate cannot be minted to the zero address");
      await requireIssuer(artwork.collection, caller);
      const code = await chain.client.readContract({ address: artwork.collection, abi: artworkCertificateAbi, functionName: "detectMintRestriction", args: [to] });
      if (code !== 0) {
        const reason = await chain.client.readContract({ address: artwork.collection, abi: artworkCertificateAbi, functionName: "messageForTransferRestriction", args: [code] });
        throw invalid("ARTWORK_RECIPIENT_INVALID", `The collection refuses ${to} as the certificate's owner: ${reason}`);
      }
      return {
        to: artwork.collection,
        data: encodeFunctionData({ abi: artworkCertificateAbi, functionName: "mint", args: [to, `0x${artwork.metadataSha256}`, receiver, bps] }),
        value: 0n,
        description: `Mint the certificate of "${artwork.title}" (token id ${artwork.metadataSha256.slice(0, 10)}…)`,
      };
    },

    /**
     * Links the certificate minted by `txHash` to the artwork, after reading the confirmed transaction: it succeeded
     * and the artwork's collection logged CertificateIssued for this artwork's token id by its issuer. Recording the
     * same mint again returns the artwork unchanged.
     */
    async recordMint(actor: Address, id: string, txHash: string): Promise<ArtworkRecord> {
      if (!/^0x[0-9a-fA-F]{64}$/.test(txHash)) throw invalid("ARTWORK_TX_INVALID", "txHash must be a 0x-prefixed 32-byte transaction hash");
      const hash = txHash.toLowerCase() as Hex;
      const artwork = await find(id);
      if (!artwork) throw artworkNotFound();
      if (artwork.mintTx !== null) {
        if (artwork.mintTx === hash) return artwork;
        throw invalid("ARTWORK_ALREADY_MINTED", "This artwork's certificate is already recorded with another transaction");
      }
      const receipt = await chain.client.getTransactionReceipt({ hash }).catch(() => null);
      if (!receipt) throw invalid("ARTWORK_MINT_NOT_FOUND", "No confirmed transaction with this hash on the chain", "Wait for the transaction to be mined, then record it");
      if (receipt.status !== "success") throw invalid("ARTWORK_MINT_FAILED", "The transaction reverted: no certificate was minted");
      if ((await chain.client.getBlockNumber({ cacheTime: 0 })) - receipt.blockNumber < confirmations) {
        throw invalid("ARTWORK_MINT_UNCONFIRMED", `The mint needs ${confirmations} confirmations before it is recorded`, "Record it again in a few blocks");
      }
      const tokenId = BigInt(`0x${artwork.metadataSha256}`);
      const issued = parseEventLogs({ abi: artworkCertificateAbi, eventName: "CertificateIssued", logs: receipt.logs })
        .find((log) => isAddressEqual(log.address, artwork.collection) && log.args.tokenId === tokenId);
      if (!issued) throw invalid("ARTWORK_MINT_MISMATCH", "The transaction did not mint this artwork's certificate on its collection");
      if (!isAddressEqual(issued.args.issuer, artwork.issuer)) throw invalid("ARTWORK_MINT_MISMATCH", "The certificate was issued by another wallet than the artwork's issuer");
      await db.transaction(async (tx) => {
        const { affectedRows } = await tx.query(
          "update artworks set token_id = $2, mint_tx = $3, minted_block = $4, owner_at_mint = $5 where id = $1 and token_id is null",
          [id, tokenId.toString(), hash, Number(receipt.blockNumber), getAddress(issued.args.owner)],
        );
        if (!affectedRows) throw invalid("ARTWORK_ALREADY_MINTED", "This artwork's certificate is already recorded");
        await recordAudit(tx, { actor, action: "artwork.mint.record", target: id, outcome: "success", details: { txHash: hash, collection: artwork.collection, block: Number(receipt.blockNumber) } });
      });
      logger.info({ msg: "artwork certificate recorded", artworkId: id, collection: artwork.collection, block: Number(receipt.blockNumber) });
      return (await find(id))!;
    },
  };
}

export type ArtworkRegistry = ReturnType<typeof createArtworkRegistry>;
