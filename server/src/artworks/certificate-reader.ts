import { getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { ArtworkRecord, ArtworkRegistry } from "./artwork-registry.ts";
import { cidOfSha256 } from "./canonical-metadata.ts";

/** The numbers of ArtworkTypes.sol as names (index = value). */
export const CERTIFICATE_STATUS = ["NONE", "ACTIVE", "LOST", "STOLEN", "DESTROYED", "REVOKED"] as const;
export const STATUS_REASON = ["NONE", "ISSUED_IN_ERROR", "NOT_AUTHENTIC", "LEGAL_ORDER", "SUPERSEDED", "OTHER"] as const;
export const ATTESTER_ROLE = ["NONE", "ARTIST", "SPECIALIST", "CONSERVATOR", "APPRAISER"] as const;
export const PROVENANCE_KIND = ["NONE", "CUSTODY", "LOAN", "EXHIBITION", "CONDITION_REPORT", "SALE"] as const;

const nameOf = <T extends readonly string[]>(names: T, value: number): T[number] => names[value] ?? "NONE";

export interface CertificateView {
  collection: Address;
  collectionName: string;
  tokenId: bigint;
  issuer: Address;
  /** The issuer's display name when the platform knows one; no registry of names exists yet, so null. */
  issuerName: string | null;
  owner: Address;
  status: (typeof CERTIFICATE_STATUS)[number];
  statusReason: (typeof STATUS_REASON)[number];
  statusDocumentHash: Hex | null;
  statusChangedAt: Date | null;
  royaltyReceiver: Address | null;
  royaltyBps: number;
  /** The SHA-256 of the current canonical metadata as the chain logged it (the token id until an update). */
  contentHash: Hex;
  metadataCid: string;
  tokenURI: string;
  mintedBlock: number;
  mintTx: Hex;
  mintedAt: Date;
  artwork: ArtworkRecord | null;
  attestations: {
    attestationId: Hex; attester: Address; role: (typeof ATTESTER_ROLE)[number]; statementHash: Hex; signed: boolean;
    recordedAt: Date; revoked: boolean; revokedReason: (typeof STATUS_REASON)[number] | null; revokedAt: Date | null;
  }[];
  provenance: {
    kind: (typeof PROVENANCE_KIND)[number]; recordedBy: Address; date: string; documentHash: Hex; recordedAt: Date;
    price: bigint | null; currency: string | null; lot: string | null; txHash: Hex;
  }[];
  /** The block the index had reached when this was read. */
  indexedBlock: number;
}

/** YYYYMMDD with 00 for an unknown month or day (IArtworkCertificate) as "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
export function provenanceDate(value: number): string {
  const text = String(value).padStart(8, "0");
  const [y, m, d] = [text.slice(0, 4), text.slice(4, 6), text.slice(6, 8)];
  return m === "00" ? y : d === "00" ? `${y}-${m}` : `${y}-${m}-${d}`;
}

/**
 * Reads a certificate as the index holds it (migration 012), with the registered artwork its content hash names.
 * Public: everything here is on chain or in the served metadata. Block times and collection names come from the
 * chain once and are kept (a block hash names one block for good).
 */
// `artworks` is read when first needed: the app builds the registry and this reader in one services object.
export function createCertificateReader(options: { db: Database; chain: Chain; artworks: () => ArtworkRegistry }) {
  const { db, chain } = options;
  const artworks = () => options.artworks();
  const blockTimes = new Map<string, Date>();
  const collectionNames = new Map<string, string>();

  async function blockTime(hash: string): Promise<Date> {
    let time = blockTimes.get(hash);
    if (!time) {
      const block = await chain.client.getBlock({ blockHash: hash as Hex });
      time = new Date(Number(block.timestamp) * 1000);
      if (blockTimes.size > 10_000) blockTimes.clear();
      blockTimes.set(hash, time);
    }
    return time;
  }

  async function collectionName(collection: Address): Promise<string> {
    let name = collectionNames.get(collection);
    if (name === undefined) {
      name = await chain.client.readContract({ address: collection, abi: artworkCertificateAbi, functionName: "name" });
      collectionNames.set(collection, name);
    }
    return name;
  }

  /** tokenURI as the contract answers now (its base URI may have changed); the ipfs:// form when the chain is away. */
  async function tokenUri(collection: Address, tokenId: bigint, cid: string): Promise<string> {
    return chain.client.readContract({ address: collection, abi: artworkCertificateAbi, functionName: "tokenURI", args: [tokenId] })
      .catch(() => `ipfs://${cid}`);
  }

  /** The registered work whose canonical metadata hashes to `contentHash` (null for metadata registered elsewhere). */
  async function artworkOf(contentHash: Hex): Promise<ArtworkRecord | null> {
    const { rows } = await db.query<{ id: string }>(`select id from artworks where metadata_sha256 = $1`, [contentHash.slice(2)]);
    return rows[0] ? artworks().find(rows[0].id) : null;
  }

  const rowsFor = async <T>(sql: string, collection: string, tokenId: bigint) =>
    (await db.query<T & Record<string, unknown>>(sql, [collection, tokenId.toString()])).rows;

  return {
    async find(collection: Address, tokenId: bigint): Promise<CertificateView | null> {
      const known = artworks().collections().find((c) => isAddressEqual(c.address, collection));
      if (!known) {
        throw new FolioError("ARTWORK_COLLECTION_UNKNOWN", `${collection} is not an artwork-certificate collection of this platform`);
      }
      const key = known.address.toLowerCase();
      const [mint] = await rowsFor<{ tx_hash: string; block_number: string; block_hash: string; issuer: string; content_hash: string; royalty_receiver: string; royalty_bps: number }>(
        `select tx_hash, block_number::text as block_number, block_hash, issuer, content_hash, royalty_receiver, royalty_bps
         from certificate_mints where collection = $1 and token_id = $2::numeric`, key, tokenId);
      if (!mint) return null;
      const [owner] = await rowsFor<{ to_address: string }>(
        `select to_address from certificate_transfers where collection = $1 and token_id = $2::numeric order by block_number desc, log_index desc limit 1`, key, tokenId);
      const [status] = await rowsFor<{ status: number; reason: number; document_hash: string; block_hash: string }>(
        `select status, reason, document_hash, block_hash from certificate_status_changes where collection = $1 and token_id = $2::numeric
         order by block_number desc, log_index desc limit 1`, key, tokenId);
      const [update] = await rowsFor<{ content_hash: string }>(
        `select content_hash from certificate_metadata_updates where collection = $1 and token_id = $2::numeric order by block_number desc, log_index desc limit 1`, key, tokenId);
      const attestations = await rowsFor<{ attestation_id: string; attester: string; role: number; statement_hash: string; signed: boolean; block_hash: string; r_reason: number | null; r_block_hash: string | null }>(
        `select a.attestation_id, a.attester, a.role, a.statement_hash, a.signed, a.block_hash, r.reason as r_reason, r.block_hash as r_block_hash
         from certificate_attestations a left join certificate_attestation_revocations r on r.collection = a.collection and r.attestation_id = a.attestation_id
         where a.collection = $1 and a.token_id = $2::numeric order by a.block_number, a.log_index`, key, tokenId);
      const provenance = await rowsFor<{ tx_hash: string; kind: number; recorded_by: string; entry_date: number; document_hash: string; block_hash: string; price: string | null; currency: string | null; lot: string | null }>(
        `select tx_hash, kind, recorded_by, entry_date, document_hash, block_hash, price::text as price, currency, lot
         from certificate_provenance where collection = $1 and token_id = $2::numeric order by block_number, log_index`, key, tokenId);
      const indexed = await db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor where chain_id = $1`, [chain.chainId]);

      const contentHash = (update?.content_hash ?? mint.content_hash) as Hex;
      const metadataCid = cidOfSha256(Buffer.from(contentHash.slice(2), "hex"));
      const optionalAddress = (a: string) => (BigInt(a) === 0n ? null : getAddress(a));
      return {
        collection: known.address,
        collectionName: await collectionName(known.address),
        tokenId,
        issuer: getAddress(mint.issuer),
        issuerName: null,
        owner: getAddress(owner?.to_address ?? mint.issuer),
        status: status ? nameOf(CERTIFICATE_STATUS, Number(status.status)) : "ACTIVE",
        statusReason: status ? nameOf(STATUS_REASON, Number(status.reason)) : "NONE",
        statusDocumentHash: status && BigInt(status.document_hash) !== 0n ? (status.document_hash as Hex) : null,
        statusChangedAt: status ? await blockTime(status.block_hash) : null,
        royaltyReceiver: optionalAddress(mint.royalty_receiver),
        royaltyBps: Number(mint.royalty_bps),
        contentHash,
        metadataCid,
        tokenURI: await tokenUri(known.address, tokenId, metadataCid),
        mintedBlock: Number(mint.block_number),
        mintTx: mint.tx_hash as Hex,
        mintedAt: await blockTime(mint.block_hash),
        artwork: await artworkOf(contentHash),
        attestations: await Promise.all(attestations.map(async (a) => ({
          attestationId: a.attestation_id as Hex, attester: getAddress(a.attester), role: nameOf(ATTESTER_ROLE, Number(a.role)),
          statementHash: a.statement_hash as Hex, signed: a.signed, recordedAt: await blockTime(a.block_hash),
          revoked: a.r_reason !== null, revokedReason: a.r_reason === null ? null : nameOf(STATUS_REASON, Number(a.r_reason)),
          revokedAt: a.r_block_hash ? await blockTime(a.r_block_hash) : null,
        }))),
        provenance: await Promise.all(provenance.map(async (p) => ({
          kind: nameOf(PROVENANCE_KIND, Number(p.kind)), recordedBy: getAddress(p.recorded_by), date: provenanceDate(Number(p.entry_date)),
          documentHash: p.document_hash as Hex, recordedAt: await blockTime(p.block_hash),
          price: p.price === null ? null : BigInt(p.price), currency: p.currency, lot: p.lot || null, txHash: p.tx_hash as Hex,
        }))),
        indexedBlock: Number(indexed.rows[0]?.last_block ?? 0),
      };
    },
  };
}

export type CertificateReader = ReturnType<typeof createCertificateReader>;
