import { Link } from "react-router";
import { shortAddress } from "../lib/format.ts";
import { dateTime, utcDay } from "./lib/dates.ts";

export interface ApplicationRow {
  id: string;
  status: string;
  source: string;
  wallet: string;
  submittedAt: string | null;
  decidedAt: string | null;
  onChainStatus: string;
  kycValidUntil: string | null;
  expiringSoon: boolean;
  renewal?: { status: string; submittedAt?: string | null } | null;
}

/** A status in words, with where its on-chain write stands once there is one. */
export function statusText(row: Pick<ApplicationRow, "status" | "onChainStatus" | "source">): string {
  const base = row.status.toLowerCase();
  const chain = row.onChainStatus === "NONE" ? "" : ` (${row.onChainStatus === "CONFIRMED" ? "on chain" : row.onChainStatus.toLowerCase()})`;
  return `${base}${row.status === "APPROVED" || row.status === "SUSPENDED" ? chain : ""}${row.source === "IMPORT" ? ", imported" : ""}`;
}

/** Applications with their status and a link to their review page. */
export function ApplicationTable({ rows, label, showRenewal = false }: { rows: readonly ApplicationRow[]; label: string; showRenewal?: boolean }) {
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            <th scope="col">Wallet</th>
            <th scope="col">Status</th>
            <th scope="col">KYC valid until</th>
            {showRenewal && <th scope="col">Renewal</th>}
            <th scope="col"><span className="visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((node) => (
            <tr key={node.id} data-testid="kyc-row">
              <td>{dateTime(node.submittedAt ?? node.decidedAt)}</td>
              <td><code title={node.wallet}>{shortAddress(node.wallet)}</code></td>
              <td>{statusText(node)}</td>
              <td>{utcDay(node.kycValidUntil)}{node.expiringSoon ? " (running out)" : ""}</td>
              {showRenewal && <td>{node.renewal ? `${node.renewal.status.toLowerCase()}${node.renewal.submittedAt ? ` ${dateTime(node.renewal.submittedAt)}` : ""}` : "none started"}</td>}
              <td><Link to={`/compliance/kyc/${node.id}`} aria-label={`Review the application of ${node.wallet}`}>Review</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
