import type { Queryable } from "../db/database.ts";
import type { Deployment } from "../chain/deployment.ts";
import type { ContractEventLog, DecodedLog } from "../indexer/events.ts";
import { ARTWORK_COLLECTION_LABELS } from "./artwork-registry.ts";

/** Tables of migration 012, emptied with the rest of the index when the chain or deployment changes. */
export const CERTIFICATE_TABLES = [
  "certificate_mints", "certificate_transfers", "certificate_status_changes", "certificate_attestations",
  "certificate_attestation_revocations", "certificate_provenance", "certificate_metadata_updates",
];

/** The deployed certificate collections (lowercase), which the indexer follows with the "artwork" role. */
export function certificateCollections(deployment: Pick<Deployment, "contracts">): string[] {
  return ARTWORK_COLLECTION_LABELS.flatMap((label) => deployment.contracts[label]?.address.toLowerCase() ?? []);
}

/** Provenance kind of a sale (ArtworkTypes.PROVENANCE_SALE): sales arrive as SaleRecorded, the rest as ProvenanceRecorded. */
const PROVENANCE_SALE = 5;

/** A bytesN argument of ASCII text (a currency code, a lot number) without its zero padding. */
export function asciiOfBytes(hex: string): string {
  const bytes = Buffer.from(hex.replace(/^0x/, ""), "hex");
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString("latin1");
}

type Row = unknown[];

/** One row per event: common key columns first, then the event's own, in each table's column order. */
function rowsOf(logs: ContractEventLog[]) {
  const tables: Record<string, Row[]> = {};
  const push = (table: string, l: ContractEventLog, values: unknown[]) =>
    (tables[table] ??= []).push([l.log.transactionHash, l.log.logIndex, l.log.blockNumber, l.log.blockHash, l.contract, String(l.args.tokenId), ...values]);
  for (const l of logs) {
    const a = l.args;
    switch (l.event) {
      case "CertificateIssued":
        push("certificate_mints", l, [a.issuer, a.owner, a.contentHash, a.royaltyReceiver, Number(a.royaltyBps)]);
        break;
      case "Transfer":
        push("certificate_transfers", l, [a.from, a.to]);
        break;
      case "StatusChanged":
        push("certificate_status_changes", l, [Number(a.previousStatus), Number(a.status), Number(a.reason), a.documentHash, a.by]);
        break;
      case "AttestationRecorded":
        push("certificate_attestations", l, [a.attestationId, a.attester, Number(a.role), a.statementHash, String(a.nonce), Boolean(a.signed)]);
        break;
      case "AttestationRevoked":
        push("certificate_attestation_revocations", l, [a.attestationId, Number(a.reason), a.documentHash, a.by]);
        break;
      case "ProvenanceRecorded":
        push("certificate_provenance", l, [Number(a.kind), a.recordedBy, Number(a.date), a.documentHash, null, null, null]);
        break;
      case "SaleRecorded":
        push("certificate_provenance", l, [PROVENANCE_SALE, a.recordedBy, Number(a.date), a.documentHash, String(a.price), asciiOfBytes(String(a.currency)), asciiOfBytes(String(a.lot))]);
        break;
      case "MetadataHashUpdated":
        push("certificate_metadata_updates", l, [a.previousHash, a.contentHash, a.by]);
        break;
    }
  }
  return tables;
}

const KEY_COLUMNS = ["tx_hash text", "log_index int", "block_number bigint", "block_hash text", "collection text", "token_id numeric"];
const OWN_COLUMNS: Record<string, string[]> = {
  certificate_mints: ["issuer text", "owner text", "content_hash text", "royalty_receiver text", "royalty_bps int"],
  certificate_transfers: ["from_address text", "to_address text"],
  certificate_status_changes: ["previous_status int", "status int", "reason int", "document_hash text", "changed_by text"],
  certificate_attestations: ["attestation_id text", "attester text", "role int", "statement_hash text", "nonce numeric", "signed boolean"],
  certificate_attestation_revocations: ["attestation_id text", "reason int", "document_hash text", "revoked_by text"],
  certificate_provenance: ["kind int", "recorded_by text", "entry_date int", "document_hash text", "price numeric", "currency text", "lot text"],
  certificate_metadata_updates: ["previous_hash text", "content_hash text", "updated_by text"],
};

/**
 * Stores the certificate events of a batch, in the indexer's transaction. Only logs new to the index reach here
 * (write-batch.ts filters replays), and every row is keyed by (transaction hash, log index) besides: a replay
 * changes nothing.
 */
export async function applyCertificateEvents(tx: Queryable, logs: DecodedLog[]): Promise<void> {
  const ours = logs.filter((l): l is ContractEventLog => l.kind === "event" && l.role === "artwork");
  if (ours.length === 0) return;
  for (const [table, rows] of Object.entries(rowsOf(ours))) {
    const columns = [...KEY_COLUMNS, ...OWN_COLUMNS[table]!];
    const names = columns.map((c) => c.split(" ")[0]);
    const arrays = names.map((_, i) => rows.map((r) => r[i]));
    await tx.query(
      `insert into ${table} (${names.join(", ")})
       select * from unnest(${columns.map((c, i) => `$${i + 1}::${c.split(" ")[1]}[]`).join(", ")})
       on conflict (tx_hash, log_index) do nothing`,
      arrays,
    );
  }
}

/**
 * Forgets certificate events above `forkBlock`, in the indexer's rewind transaction. An artwork whose mint was
 * recorded (recordArtworkMint) in a block that is no longer on the chain shows as not minted again: its issuer mints
 * and records it anew.
 */
export async function rewindCertificates(tx: Queryable, forkBlock: number): Promise<void> {
  for (const table of CERTIFICATE_TABLES) await tx.query(`delete from ${table} where block_number > $1`, [forkBlock]);
  await tx.query(
    `update artworks set token_id = null, mint_tx = null, minted_block = null, owner_at_mint = null where minted_block > $1`,
    [forkBlock],
  );
}
