import { createHash } from "node:crypto";

/** What an audit row's hash covers: every column but the hash itself. */
export interface AuditRowContent {
  id: string;
  actor: string | null;
  action: string;
  target: string | null;
  outcome: "success" | "failure";
  details: Record<string, unknown>;
  createdAt: string;
  prevHash: string;
}

/** The hash of the row before the first one. */
export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every level, so the same row always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** SHA-256 over the canonical row, which includes the previous row's hash: changing any row breaks every later link. */
export function hashAuditRow(row: AuditRowContent): string {
  return createHash("sha256").update(canonicalJson(row)).digest("hex");
}
