import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { request, type ResultOf } from "../api/graphql.ts";
import { awaitingChange, KycStatus } from "../investor/KycStatus.tsx";
import { countryName } from "../ui/country-options.ts";
import { Empty, QueryState } from "../ui/states.tsx";
import { initialDecision } from "./decision-form.ts";
import { ApproveForm, RejectForm, SuspensionForm } from "./DecisionForms.tsx";
import { DocumentViewer } from "./DocumentViewer.tsx";
import { KYC_APPLICATION, KYC_APPLICATION_STATE } from "./kyc-queries.ts";
import { dateTime, utcDay } from "./lib/dates.ts";

type Application = NonNullable<ResultOf<typeof KYC_APPLICATION>["kycApplication"]>;
type PersonalData = Application["personalData"];

const country = (alpha2: string | null) => (alpha2 ? `${countryName(alpha2)} (${alpha2})` : "—");
const FLAG_NAMES = { accredited: "accredited", qualified: "qualified / professional", usPerson: "US person", institution: "institution" } as const;

/**
 * One application: personal data (each read is audit-logged, so it is read once and after each decision, while only
 * the state is polled), documents on demand, and the decisions.
 */
export function KycReviewPage() {
  const { id = "" } = useParams();
  const query = useQuery({ queryKey: ["kycApplication", id], queryFn: () => request(KYC_APPLICATION, { id }), refetchOnWindowFocus: false });
  const state = useQuery({
    queryKey: ["kycApplicationState", id],
    queryFn: () => request(KYC_APPLICATION_STATE, { id }),
    refetchInterval: (q) => {
      const a = q.state.data?.kycApplication;
      return awaitingChange(a) || a?.onChainStatus === "PENDING" ? 2_000 : false;
    },
  });
  const full = query.data?.kycApplication;
  const latest = state.data?.kycApplication;
  // A new renewal or a decision made elsewhere changes what the page shows: read the whole application again.
  const shownRenewal = full?.renewal ? `${full.renewal.id}:${full.renewal.status}` : null;
  const latestRenewal = latest?.renewal ? `${latest.renewal.id}:${latest.renewal.status}` : null;
  const stale = !!full && !!latest && state.dataUpdatedAt > query.dataUpdatedAt && (full.status !== latest.status || shownRenewal !== latestRenewal) && !query.isFetching;
  useEffect(() => {
    if (stale) void query.refetch();
  }, [stale, query]);
  const refresh = () => void Promise.all([query.refetch(), state.refetch()]);
  return (
    <section>
      <p><Link to="/compliance/kyc">← KYC queue</Link></p>
      <h1>KYC application</h1>
      <QueryState query={query} what="the application">
        {({ kycApplication: loaded }) => {
          if (!loaded) return <Empty>No application with this id.</Empty>;
          const a: Application = latest && latest.id === loaded.id && latest.status === loaded.status ? { ...loaded, ...latest, renewal: loaded.renewal } : loaded;
          return (
            <>
              {a.status === "SUSPENDED" ? (
                <div className="status-panel status-suspended" role="status" aria-live="polite" data-testid="kyc-status">
                  <p className="status-title"><strong>Suspended</strong></p>
                  <p>The investor's wallets may not receive tokens until the suspension is lifted.</p>
                </div>
              ) : <KycStatus application={a} reviewer />}
              {(a.status === "APPROVED" || a.status === "SUSPENDED") && <RegistryRecord application={a} />}
              <h2>Applicant</h2>
              <dl className="details">
                <dt>Wallet</dt><dd><code>{a.wallet}</code></dd>
                {a.wallets.length > 1 && <><dt>Linked wallets</dt><dd>{a.wallets.filter((w) => w !== a.wallet).map((w) => <code key={w}>{w} </code>)}</dd></>}
                <dt>Source</dt><dd>{a.source === "IMPORT" ? "imported from a CSV file (verified elsewhere)" : "application through the console"}</dd>
              </dl>
              {a.source !== "IMPORT" && <PersonalDetails data={a.personalData} />}
              {a.source !== "IMPORT" && (
                <>
                  <h2>Documents</h2>
                  {a.documents.length === 0 ? <Empty>No documents.</Empty> : (
                    <ul className="documents">{a.documents.map((d) => <DocumentViewer key={d.id} document={d} />)}</ul>
                  )}
                </>
              )}
              {a.status === "SUBMITTED" && (
                <div className="decision">
                  <ApproveForm id={a.id} initial={initialDecision(a.personalData)} onDecided={refresh} />
                  <RejectForm id={a.id} onDecided={refresh} />
                </div>
              )}
              {a.status === "APPROVED" && a.renewal?.status === "SUBMITTED" && (
                <>
                  <h2>Renewal submitted {dateTime(a.renewal.submittedAt)}</h2>
                  <PersonalDetails data={a.renewal.personalData} title="Renewed details" />
                  <h3>Documents sent with the renewal</h3>
                  {a.renewal.documents.length === 0 ? <Empty>No documents.</Empty> : (
                    <ul className="documents">{a.renewal.documents.map((d) => <DocumentViewer key={d.id} document={d} />)}</ul>
                  )}
                  <div className="decision">
                    <ApproveForm id={a.id} subject="renewal" initial={initialDecision(a.renewal.personalData)} onDecided={refresh} />
                    <RejectForm id={a.id} subject="renewal" onDecided={refresh} />
                  </div>
                </>
              )}
              {a.status === "APPROVED" && <SuspensionForm key="suspend" id={a.id} action="suspend" onDone={refresh} />}
              {a.status === "SUSPENDED" && <SuspensionForm key="reinstate" id={a.id} action="reinstate" onDone={refresh} />}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

/** What the identity registry holds (or is being sent) for an approved or suspended investor. */
function RegistryRecord({ application: a }: { application: Application }) {
  const flags = a.flags ? (Object.keys(FLAG_NAMES) as (keyof typeof FLAG_NAMES)[]).filter((k) => a.flags![k]).map((k) => FLAG_NAMES[k]) : [];
  return (
    <div className={`chain-panel ${a.status === "SUSPENDED" ? "chain-broken" : ""}`} data-testid="registry-record">
      <p>
        <strong>Registry status: {a.chainStatus ? a.chainStatus.toLowerCase().replace("_", "-") : "—"}</strong>
        {a.onChainStatus === "PENDING" && " (being written to the identity registry…)"}
        {a.onChainStatus === "FAILED" && " (the last registry write failed)"}
      </p>
      <p>Country {country(a.countryCode)}; {flags.length ? flags.join(", ") : "no categories"}; KYC valid until {utcDay(a.kycValidUntil)}{a.expiringSoon ? ", running out soon" : ""}.</p>
      {a.status === "SUSPENDED" && <p data-testid="suspension-reason">Suspended: {a.suspensionReason ?? "no reason recorded"}</p>}
    </div>
  );
}

function PersonalDetails({ data: p, title = "Personal details" }: { data: PersonalData; title?: string }) {
  return (
    <>
      <h2>{title}</h2>
      <dl className="details">
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
    </>
  );
}
