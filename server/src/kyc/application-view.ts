import type { Address, Hex } from "viem";
import type { ChainStatus } from "./chain-writes.ts";

export const APPLICATION_STATUSES = ["draft", "submitted", "approved", "rejected", "suspended", "erased"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** An application as stored, without anything encrypted: safe to pass around and to log by id. */
export interface KycApplication {
  id: string;
  seq: number;
  wallet: Address;
  source: "application" | "import";
  status: ApplicationStatus;
  investorId: Hex | null;
  country: number | null;
  flags: number | null;
  kycValidUntil: bigint | null;
  chainStatus: ChainStatus | null;
  expiringSoon: boolean;
  hasPersonalData: boolean;
  hasRejectionReason: boolean;
  hasSuspensionReason: boolean;
  submittedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: Address | null;
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface KycDocumentInfo {
  id: string;
  applicationId: string;
  kind: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
}

export type Row = Record<string, unknown>;

const date = (v: unknown) => (v == null ? null : new Date(v as string));

export function toApplication(row: Row): KycApplication {
  return {
    id: row.id as string,
    seq: Number(row.seq),
    wallet: row.wallet as Address,
    source: row.source as KycApplication["source"],
    status: row.status as ApplicationStatus,
    investorId: (row.investor_id as Hex | null) ?? null,
    country: row.country == null ? null : Number(row.country),
    flags: row.flags == null ? null : Number(row.flags),
    kycValidUntil: row.kyc_valid_until == null ? null : BigInt(String(row.kyc_valid_until)),
    chainStatus: (row.chain_status as ChainStatus | null) ?? null,
    expiringSoon: Boolean(row.expiring_soon),
    hasPersonalData: Boolean(row.personal_data),
    hasRejectionReason: Boolean(row.rejection_reason),
    hasSuspensionReason: Boolean(row.suspension_reason),
    submittedAt: date(row.submitted_at),
    decidedAt: date(row.decided_at),
    decidedBy: (row.decided_by as Address | null) ?? null,
    erasedAt: date(row.erased_at),
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
  };
}

export function toDocumentInfo(row: Row): KycDocumentInfo {
  return {
    id: row.id as string,
    applicationId: row.application_id as string,
    kind: row.kind as string,
    contentType: row.content_type as string,
    sizeBytes: Number(row.size_bytes),
    createdAt: new Date(row.created_at as string),
  };
}

/** Columns selected for KycApplication: ciphertexts are only tested for presence, never read here. */
export const APPLICATION_COLUMNS = `id, seq, wallet, source, status, investor_id, country, flags, kyc_valid_until, chain_status, expiring_soon,
  (personal_data is not null) as personal_data, (rejection_reason is not null) as rejection_reason,
  (suspension_reason is not null) as suspension_reason, submitted_at, decided_at, decided_by, erased_at, created_at, updated_at`;
