import { useMutation, useQuery } from "@tanstack/react-query";
import { request } from "../api/graphql.ts";
import { QueryState } from "../ui/states.tsx";
import { DocumentUpload } from "./DocumentUpload.tsx";
import { fromPersonalData } from "./kyc-form.ts";
import { KycApplicationForm } from "./KycApplicationForm.tsx";
import { MY_APPLICATION, SUBMIT_APPLICATION } from "./kyc-queries.ts";
import { awaitingChange, KycStatus } from "./KycStatus.tsx";

const EDITABLE = ["DRAFT", "REJECTED"];

/** An investor's KYC: details, documents, submission, then the status until verified on chain. */
export function OnboardingPage() {
  const query = useQuery({
    queryKey: ["myApplication"],
    queryFn: () => request(MY_APPLICATION),
    refetchInterval: (q) => (awaitingChange(q.state.data?.myApplication) ? 2_000 : false),
  });
  const submit = useMutation({ mutationFn: () => request(SUBMIT_APPLICATION), onSuccess: () => void query.refetch() });

  return (
    <section>
      <h1>Investor onboarding</h1>
      <QueryState query={query} what="your application">
        {({ myApplication: application }) => {
          const editable = !application || EDITABLE.includes(application.status);
          return (
            <>
              <KycStatus application={application} />
              {editable && <KycApplicationForm initial={fromPersonalData(application?.personalData ?? null)} onSaved={() => void query.refetch()} />}
              {editable && application && <DocumentUpload documents={application.documents} onUploaded={() => void query.refetch()} />}
              {editable && application && (
                <div className="form">
                  <h2>{application.rejectionReason ? "Submit again" : "Submit"}</h2>
                  <p>
                    {application.rejectionReason ? "Your corrected details and documents go back to a compliance officer" : "Submitting sends your details and documents to a compliance officer"};
                    {" "}you cannot change them while they review.
                  </p>
                  {submit.error && <p className="error" role="alert">Could not submit: {submit.error.message}</p>}
                  <button type="button" onClick={() => submit.mutate()} disabled={submit.isPending}>
                    {submit.isPending ? "Submitting…" : "Submit application"}
                  </button>
                </div>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
