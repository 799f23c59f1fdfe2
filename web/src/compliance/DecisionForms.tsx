import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { request } from "../api/graphql.ts";
import { CountrySelect } from "../ui/CountrySelect.tsx";
import { CheckboxField, Field } from "../ui/Field.tsx";
import { toDecisionInput, validateDecision, type DecisionErrors, type DecisionValues } from "./decision-form.ts";
import { APPROVE, REJECT } from "./kyc-queries.ts";

/** Approve with the country, categories and validity the registry will hold. */
export function ApproveForm({ id, initial, onDecided }: { id: string; initial: DecisionValues; onDecided(): void }) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<DecisionErrors>({});
  const approve = useMutation({ mutationFn: () => request(APPROVE, { id, decision: toDecisionInput(values) }), onSuccess: onDecided });
  const set = <K extends keyof DecisionValues>(key: K, value: DecisionValues[K]) => setValues({ ...values, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateDecision(values);
    setErrors(found);
    if (Object.keys(found).length === 0) approve.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="approve-title">
      <h2 id="approve-title">Approve</h2>
      <Field label="Country registered on chain" error={errors.country}>
        <CountrySelect name="country" value={values.country} onChange={(c) => set("country", c)} />
      </Field>
      <fieldset>
        <legend>Categories</legend>
        <CheckboxField label="Accredited" checked={values.accredited} onChange={(c) => set("accredited", c)} />
        <CheckboxField label="Qualified / professional" checked={values.qualified} onChange={(c) => set("qualified", c)} />
        <CheckboxField label="US person" checked={values.usPerson} onChange={(c) => set("usPerson", c)} />
        <CheckboxField label="Institution" checked={values.institution} onChange={(c) => set("institution", c)} />
      </fieldset>
      <Field label="Valid for (days)" hint="From approval, by chain time: 1 to 3650." error={errors.validityDays}>
        <input type="text" inputMode="numeric" name="validityDays" value={values.validityDays} onChange={(e) => set("validityDays", e.target.value)} />
      </Field>
      {approve.error && <p className="error" role="alert">Could not approve: {approve.error.message}</p>}
      <div className="actions">
        <button type="submit" disabled={approve.isPending}>{approve.isPending ? "Approving…" : "Approve application"}</button>
      </div>
    </form>
  );
}

/** Reject with a reason the applicant reads; they can correct and submit again. */
export function RejectForm({ id, onDecided }: { id: string; onDecided(): void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const reject = useMutation({ mutationFn: () => request(REJECT, { id, reason: reason.trim() }), onSuccess: onDecided });
  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = reason.trim() === "" ? "Say what the applicant must correct" : undefined;
    setError(problem);
    if (!problem) reject.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="reject-title">
      <h2 id="reject-title">Request changes</h2>
      <Field label="Reason (the applicant sees it)" error={error}>
        <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {reject.error && <p className="error" role="alert">Could not reject: {reject.error.message}</p>}
      <div className="actions">
        <button type="submit" className="secondary" disabled={reject.isPending}>{reject.isPending ? "Sending…" : "Reject application"}</button>
      </div>
    </form>
  );
}
