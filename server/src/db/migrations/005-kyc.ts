import type { Migration } from "./index.ts";

/**
 * KYC onboarding (server/src/kyc). Personal data and documents are stored only as AES-256-GCM ciphertexts under a
 * per-record data key, which is stored only wrapped under the master key (kyc_data_keys). Erasure deletes the
 * wrapped key and the ciphertexts; the record's decisions stay in the columns below and in the audit log.
 */
export const m005Kyc: Migration = {
  id: 5,
  name: "kyc",
  sql: `
    create table kyc_applications (
      id text primary key,
      -- Queue order (oldest first) and the key of queue cursors.
      seq bigserial unique,
      -- The wallet that opened the application (further wallets are in kyc_wallets, this one too).
      wallet text not null unique,
      source text not null default 'application' check (source in ('application', 'import')),
      status text not null default 'draft'
        check (status in ('draft', 'submitted', 'approved', 'rejected', 'suspended', 'erased')),
      -- Encrypted JSON of the applicant's personal data; null before anything is saved and after erasure.
      personal_data text,
      rejection_reason text,
      suspension_reason text,
      -- The decision, as registered on chain (no personal data): an opaque random id, ISO numeric country,
      -- category flags, KYC expiry (Unix seconds) and the status the registry should hold.
      investor_id text unique,
      country integer,
      flags integer,
      kyc_valid_until bigint,
      chain_status text check (chain_status in ('active', 'liquidate_only', 'suspended')),
      expiring_soon boolean not null default false,
      submitted_at timestamptz,
      decided_at timestamptz,
      decided_by text,
      erased_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index kyc_applications_queue on kyc_applications (status, submitted_at, id);
    create index kyc_applications_expiry on kyc_applications (kyc_valid_until) where status = 'approved';

    create table kyc_data_keys (
      application_id text primary key references kyc_applications (id),
      wrapped_key text not null,
      created_at timestamptz not null default now()
    );

    create table kyc_documents (
      id text primary key,
      application_id text not null references kyc_applications (id),
      kind text not null check (kind in ('identity', 'proof_of_address', 'accreditation')),
      content_type text not null,
      size_bytes integer not null,
      -- Encrypted file contents; the file name is not kept (it often carries the person's name).
      content text not null,
      created_at timestamptz not null default now()
    );
    create index kyc_documents_application on kyc_documents (application_id);

    create table kyc_wallets (
      wallet text primary key,
      application_id text not null references kyc_applications (id),
      linked_at timestamptz not null default now()
    );
    create index kyc_wallets_application on kyc_wallets (application_id);

    -- Single-use challenges for linking a further wallet with an EIP-712 signature.
    create table kyc_wallet_challenges (
      nonce text primary key,
      application_id text not null references kyc_applications (id),
      wallet text not null,
      expires_at bigint not null
    );

    -- Every on-chain write a KYC decision caused, with its outbox entry: the application's onChainStatus.
    create table kyc_chain_writes (
      id bigserial primary key,
      application_id text not null references kyc_applications (id),
      action text not null,
      outbox_entry_id bigint not null references outbox_entries (id),
      created_at timestamptz not null default now()
    );
    create index kyc_chain_writes_application on kyc_chain_writes (application_id, id);

    -- Per-token KYC policy, set by the token's owner or agents.
    create table kyc_token_settings (
      token text primary key,
      freeze_on_suspension boolean not null default false,
      updated_by text not null,
      updated_at timestamptz not null default now()
    );

    create table kyc_imports (
      id text primary key,
      imported_by text not null,
      rows integer not null,
      batches integer not null,
      created_at timestamptz not null default now()
    );
  `,
};
