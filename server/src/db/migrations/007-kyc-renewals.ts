import type { Migration } from "./index.ts";

/**
 * KYC renewals and suspensions (server/src/kyc). A renewal is a later review of the same application (same
 * investorId, same wallets): its personal data is encrypted under the record's data key like the application's, and
 * its documents are kyc_documents rows that carry its id. Each suspension is a row, with the token/wallet pairs it
 * froze on chain, so that reinstatement unfreezes exactly those and nothing an agent froze for another reason.
 */
export const m007KycRenewals: Migration = {
  id: 7,
  name: "kyc-renewals",
  sql: `
    create table kyc_renewals (
      id text primary key,
      seq bigserial unique,
      application_id text not null references kyc_applications (id),
      -- withdrawn: the record was erased while the renewal was open.
      status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'rejected', 'withdrawn')),
      -- Encrypted JSON of the renewed personal data (the approved data merged with the changes); null after erasure.
      personal_data text,
      rejection_reason text,
      -- The renewal decision as registered on chain (no personal data).
      country integer,
      flags integer,
      kyc_valid_until bigint,
      submitted_at timestamptz,
      decided_at timestamptz,
      decided_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- At most one open renewal per application.
    create unique index kyc_renewals_open on kyc_renewals (application_id) where status in ('draft', 'submitted', 'rejected');
    create index kyc_renewals_queue on kyc_renewals (status, seq);

    alter table kyc_documents add column renewal_id text references kyc_renewals (id);

    create table kyc_suspensions (
      id text primary key,
      application_id text not null references kyc_applications (id),
      -- The suspension reason, sealed like kyc_applications.suspension_reason (null after erasure).
      reason text,
      suspended_by text not null,
      suspended_at timestamptz not null default now(),
      lift_reason text,
      lifted_by text,
      lifted_at timestamptz
    );
    create unique index kyc_suspensions_open on kyc_suspensions (application_id) where lifted_at is null;

    -- The wallets a suspension froze, per token: those that were not frozen already when it was decided.
    create table kyc_suspension_freezes (
      suspension_id text not null references kyc_suspensions (id),
      token text not null,
      wallet text not null,
      primary key (suspension_id, token, wallet)
    );
  `,
};
