import type { Migration } from "./index.ts";

/** Sign-In with Ethereum nonces and sessions, off-chain roles, and the append-only, hash-chained audit log. */
export const m002AuthAudit: Migration = {
  id: 2,
  name: "auth-audit",
  sql: `
    create table siwe_nonces (
      nonce text primary key,
      expires_at timestamptz not null
    );
    create index siwe_nonces_expires_at on siwe_nonces (expires_at);

    -- Only the SHA-256 of a session token is stored: a database leak does not leak usable sessions.
    create table sessions (
      token_hash text primary key,
      address text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_address on sessions (address);
    create index sessions_expires_at on sessions (expires_at);

    create table user_roles (
      address text not null,
      role text not null check (role in ('PLATFORM_ADMIN', 'COMPLIANCE_OFFICER', 'AUDITOR')),
      granted_by text,
      granted_at timestamptz not null default now(),
      primary key (address, role)
    );

    create table audit_log (
      id bigserial primary key,
      actor text,
      action text not null,
      target text,
      outcome text not null check (outcome in ('success', 'failure')),
      details jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      prev_hash text not null,
      hash text not null unique
    );

    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change();
  `,
};
