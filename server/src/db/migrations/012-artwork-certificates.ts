import type { Migration } from "./index.ts";

/**
 * The index of artwork certificates (server/src/artworks/certificate-events.ts): one row per event of the deployed
 * certificate collections, keyed by (transaction hash, log index) like every indexed event, so a reorganisation
 * deletes the rows above the fork and nothing else needs restoring. A certificate's current owner, status and
 * attestations are the newest rows at read time. Addresses, hashes and ids lowercase hex (0x-prefixed); token ids
 * numeric(78,0). The block hash of each row names the block whose timestamp the public page shows. Nothing personal:
 * wallets of businesses and attesters, hashes of documents kept elsewhere.
 */
export const m012ArtworkCertificates: Migration = {
  id: 12,
  name: "artwork-certificates",
  sql: `
    create table certificate_mints (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      block_hash text not null,
      collection text not null,
      token_id numeric(78, 0) not null,
      issuer text not null,
      owner text not null,
      content_hash text not null,
      royalty_receiver text not null,
      royalty_bps integer not null,
      primary key (tx_hash, log_index)
    );
    create index certificate_mints_by_token on certificate_mints (collection, token_id);
    create index certificate_mints_by_block on certificate_mints (block_number);

    -- ERC-721 Transfer of the collections, mints included: the newest row of a certificate names its owner.
    create table certificate_transfers (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      block_hash text not null,
      collection text not null,
      token_id numeric(78, 0) not null,
      from_address text not null,
      to_address text not null,
      primary key (tx_hash, log_index)
    );
    create index certificate_transfers_by_token on certificate_transfers (collection, token_id, block_number desc, log_index desc);
    create index certificate_transfers_by_block on certificate_transfers (block_number);

    create table certificate_status_changes (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      block_hash text not null,
      collection text not null,
      token_id numeric(78, 0) not null,
      previous_status integer not null,
      status integer not null,
      reason integer not null,
      document_hash text not null,
      changed_by text not null,
      primary key (tx_hash, log_index)
    );
    create index certificate_status_by_token on certificate_status_changes (collection, token_id, block_number desc, log_index desc);
    create index certificate_status_by_block on certificate_status_changes (block_number);

    create table certificate_attestations (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      block_hash text not null,
      collection text not null,
      token_id numeric(78, 0) not null,
      attestation_id text not null,
      attester text not null,
      role integer not null,
      statement_hash text not null,
      nonce numeric(78, 0) not null,
      signed boolean not null,
      primary key (tx_hash, log_index)
    );
    create index certificate_attestations_by_token on certificate_attestations (collection, token_id);
    create index certificate_attestations_by_block on certificate_attestations (block_number);

    create table certificate_attestation_revocations (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      block_hash text not null,
      collection text not null,
      token_id numeric(78, 0) not null,
      attestation_id text not null,
      reason integer not null,
      document_hash text not null,
      revoked_by text not null,
      primary key (tx_hash, log_index)
    );
    create index certificate_revocations_by_attestation on certificate_attestation_revocations (collection, attestation_id);
    create index certificate_revocations_by_block on certificate_attestation_revocations (block_number);

    -- Custody, loan, exhibition and condition-report entries (ProvenanceRecorded) and sales (SaleRecorded, kind 5,
    -- with price in the currency's minor units, ISO 4217 code and lot number).
    create table certificate_provenance (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      block_hash text not null,
      collection text not null,
      token_id numeric(78, 0) not null,
      kind integer not null,
      recorded_by text not null,
      entry_date integer not null,
      document_hash text not null,
      price numeric(78, 0),
      currency text,
      lot text,
      primary key (tx_hash, log_index)
    );
    create index certificate_provenance_by_token on certificate_provenance (collection, token_id, block_number, log_index);
    create index certificate_provenance_by_block on certificate_provenance (block_number);

    -- MetadataHashUpdated: the newest row of a certificate holds its current content hash (the token id until then).
    create table certificate_metadata_updates (
      tx_hash text not null,
      log_index integer not null,
      block_number bigint not null,
      block_hash text not null,
      collection text not null,
      token_id numeric(78, 0) not null,
      previous_hash text not null,
      content_hash text not null,
      updated_by text not null,
      primary key (tx_hash, log_index)
    );
    create index certificate_metadata_by_token on certificate_metadata_updates (collection, token_id, block_number desc, log_index desc);
    create index certificate_metadata_by_block on certificate_metadata_updates (block_number);
  `,
};
