import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { request } from "../api/graphql.ts";
import { awaitingChange, KycStatus } from "../investor/KycStatus.tsx";
import { countryName } from "../ui/country-options.ts";
import { Empty, QueryState } from "../ui/states.tsx";
import { initialDecision } from "./decision-form.ts";
import { ApproveForm, RejectForm } from "./DecisionForms.tsx";
import { DocumentViewer } from "./DocumentViewer.tsx";
import { KYC_APPLICATION } from "./kyc-queries.ts";

const country = (alpha2: string | null) => (alpha2 ? `${countryName(alpha2)} (${alpha2})` : "—");

/** One application: personal data (reading it is audit-logged), documents on demand, and the decision. */
export function KycReviewPage() {
  const { id = "" } = useParams();
  const query = useQuery({
    queryKey: ["kycApplication", id],
    queryFn: () => request(KYC_APPLICATION, { id }),
    refetchInterval: (q) => (awaitingChange(q.state.data?.kycApplication) ? 2_000 : false),
  });
  return (
    <section>
      <p><Link to="/compliance/kyc">← KYC queue</Link></p>
      <h1>KYC application</h1>
      <QueryState query={query} what="the application">
        {({ kycApplication: a }) => {
          if (!a) return <Empty>No application with this id.</Empty>;
          const p = a.personalData;
          return (
            <>
              <KycStatus application={a} reviewer />
              <h2>Applicant</h2>
              <dl className="details">
                <dt>Wallet</dt><dd><code>{a.wallet}</code></dd>
                <dt>Legal name</dt><dd>{p?.legalName ?? "—"}</dd>
                <dt>Date of birth</dt><dd>{p?.dateOfBirth ?? "—"}</dd>
                <dt>Address</dt>
                <dd>{p?.address ? [p.address.line1, p.address.line2, `${p.address.postalCode} ${p.address.city}`, p.address.region].filter(Boolean).join(", ") : "—"}</dd>
                <dt>Country of residence</dt><dd>{country(p?.countryOfResidence ?? null)}</dd>
                <dt>Nationality</dt><dd>{country(p?.nationality ?? null)}</dd>
                <dt>Tax residence</dt><dd>{country(p?.taxResidence ?? null)}</dd>
                <dt>Category</dt><dd>{p?.category?.toLowerCase() ?? "—"}</dd>
                <dt>US person</dt><dd>{p?.usPerson == null ? "—" : p.usPerson ? "yes" : "no"}</dd>
              </dl>
              <h2>Documents</h2>
              {a.documents.length === 0 ? <Empty>No documents.</Empty> : (
                <ul className="documents">{a.documents.map((d) => <DocumentViewer key={d.id} document={d} />)}</ul>
              )}
              {a.status === "SUBMITTED" && (
                <div className="decision">
                  <ApproveForm id={a.id} initial={initialDecision(p)} onDecided={() => void query.refetch()} />
                  <RejectForm id={a.id} onDecided={() => void query.refetch()} />
                </div>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
