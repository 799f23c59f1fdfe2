import type { Migration } from "./index.ts";

/**
 * The artwork registry (server/src/artworks): works that auction houses and galleries register before minting their
 * certificates of authenticity, their images, and the canonical metadata JSON whose SHA-256 becomes the
 * certificate's token id. Image bytes live in the data directory, content-addressed by SHA-256 (artwork-images.ts);
 * only their hashes and facts are kept here. Addresses are checksummed; hashes lowercase hex without 0x. No personal
 * data: the issuer is a business's wallet, the artist a public attribution.
 */
export const m010Artworks: Migration = {
  id: 10,
  name: "artworks",
  sql: `
    create table artworks (
      id text primary key,
      -- Listing order (newest first) and the key of list cursors.
      seq bigserial unique,
      issuer text not null,
      collection text not null,
      artist text not null,
      title text not null,
      year integer,
      medium text not null,
      dimensions text not null,
      edition text,
      inscriptions text,
      description text not null,
      -- The exact canonical bytes (RFC 8785) served at /artworks/metadata/<cid>.json, their SHA-256 (the token id)
      -- and the IPFS CIDv1 (raw, sha2-256) the certificate's tokenURI ends with.
      metadata_json text not null,
      metadata_sha256 text not null unique check (metadata_sha256 ~ '^[0-9a-f]{64}$'),
      metadata_cid text not null unique,
      -- Set once the mint is read back from the chain.
      token_id numeric(78, 0),
      mint_tx text,
      minted_block bigint,
      owner_at_mint text,
      created_at timestamptz not null default now(),
      check ((token_id is null) = (mint_tx is null))
    );
    create index artworks_by_issuer on artworks (issuer, seq desc);

    -- Stored files (images and thumbnails), one row per content hash whatever the number of artworks using it.
    create table artwork_files (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      mime text not null check (mime in ('image/jpeg', 'image/png', 'image/webp')),
      bytes integer not null check (bytes > 0),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      created_at timestamptz not null default now()
    );

    create table artwork_images (
      artwork_id text not null references artworks (id),
      position integer not null check (position >= 0),
      sha256 text not null references artwork_files (sha256),
      thumbnail_sha256 text not null references artwork_files (sha256),
      primary key (artwork_id, position)
    );
    create index artwork_images_by_file on artwork_images (sha256);
    create index artwork_images_by_thumbnail on artwork_images (thumbnail_sha256);
  `,
};
