import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { request } from "../api/graphql.ts";
import { shortAddress } from "../lib/format.ts";
import { Field } from "../ui/Field.tsx";
import { Empty, QueryState } from "../ui/states.tsx";
import { KYC_QUEUE } from "./kyc-queries.ts";

const STATUSES = ["SUBMITTED", "APPROVED", "REJECTED", "SUSPENDED", "DRAFT", "ERASED"] as const;
type Status = (typeof STATUSES)[number];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "—");

/** The KYC queue, oldest first, filtered by status. */
export function KycQueuePage() {
  const [status, setStatus] = useState<Status>("SUBMITTED");
  const query = useQuery({ queryKey: ["kycQueue", status], queryFn: () => request(KYC_QUEUE, { status }), refetchInterval: 10_000 });
  return (
    <section>
      <h1>KYC queue</h1>
      <div className="filters">
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {STATUSES.map((s) => <option key={s} value={s}>{s.charAt(0) + s.slice(1).toLowerCase()}</option>)}
          </select>
        </Field>
      </div>
      <QueryState query={query} what="the KYC queue">
        {({ kycApplications }) =>
          kycApplications.edges.length === 0 ? (
            <Empty>No {status.toLowerCase()} applications.</Empty>
          ) : (
            <div className="table-scroll">
              <table aria-label={`${status.toLowerCase()} KYC applications`}>
                <thead><tr><th>Submitted</th><th>Wallet</th><th>Status</th><th><span className="visually-hidden">Action</span></th></tr></thead>
                <tbody>
                  {kycApplications.edges.map(({ node }) => (
                    <tr key={node.id} data-testid="kyc-row">
                      <td>{when(node.submittedAt)}</td>
                      <td><code title={node.wallet}>{shortAddress(node.wallet)}</code></td>
                      <td>{node.status.toLowerCase()}{node.status === "APPROVED" ? ` (${node.onChainStatus.toLowerCase()})` : ""}</td>
                      <td><Link to={`/compliance/kyc/${node.id}`} aria-label={`Review the application of ${node.wallet}`}>Review</Link></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
