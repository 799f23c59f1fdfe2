import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { request } from "../api/graphql.ts";
import { CountrySelect } from "../ui/CountrySelect.tsx";
import { CheckboxField, Field } from "../ui/Field.tsx";
import { toDecisionInput, validateDecision, validateReason, type DecisionErrors, type DecisionValues } from "./decision-form.ts";
import { APPROVE, APPROVE_RENEWAL, REINSTATE, REJECT, REJECT_RENEWAL, SUSPEND } from "./kyc-queries.ts";

/** An application is decided once; an approved investor's renewal is decided the same way, with its own mutations. */
export type DecisionSubject = "application" | "renewal";

/** Approve with the country, categories and validity the registry will hold. */
export function ApproveForm({ id, initial, onDecided, subject = "application" }: { id: string; initial: DecisionValues; onDecided(): void; subject?: DecisionSubject }) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<DecisionErrors>({});
  const approve = useMutation({
    mutationFn: async () => void (subject === "renewal" ? await request(APPROVE_RENEWAL, { id, decision: toDecisionInput(values) }) : await request(APPROVE, { id, decision: toDecisionInput(values) })),
    onSuccess: onDecided,
  });
  const titleId = `approve-${subject}-title`;
  const set = <K extends keyof DecisionValues>(key: K, value: DecisionValues[K]) => setValues({ ...values, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateDecision(values);
    setErrors(found);
    if (Object.keys(found).length === 0) approve.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby={titleId}>
      <h2 id={titleId}>{subject === "renewal" ? "Approve the renewal" : "Approve"}</h2>
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
        <button type="submit" disabled={approve.isPending}>{approve.isPending ? "Approving…" : `Approve ${subject}`}</button>
      </div>
    </form>
  );
}

/** Reject with a reason the applicant reads; they can correct and submit again. */
export function RejectForm({ id, onDecided, subject = "application" }: { id: string; onDecided(): void; subject?: DecisionSubject }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const reject = useMutation({
    mutationFn: async () => void (subject === "renewal" ? await request(REJECT_RENEWAL, { id, reason: reason.trim() }) : await request(REJECT, { id, reason: reason.trim() })),
    onSuccess: onDecided,
  });
  const titleId = `reject-${subject}-title`;
  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = reason.trim() === "" ? "Say what the applicant must correct" : undefined;
    setError(problem);
    if (!problem) reject.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby={titleId}>
      <h2 id={titleId}>{subject === "renewal" ? "Reject the renewal" : "Request changes"}</h2>
      <Field label="Reason (the applicant sees it)" error={error}>
        <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {reject.error && <p className="error" role="alert">Could not reject: {reject.error.message}</p>}
      <div className="actions">
        <button type="submit" className="secondary" disabled={reject.isPending}>{reject.isPending ? "Sending…" : `Reject ${subject}`}</button>
      </div>
    </form>
  );
}

/**
 * Suspends an approved investor (status suspended on chain; wallets frozen on tokens whose policy asks for it) or
 * reinstates a suspended one. The reason goes to the audit log; an empty reason sends nothing.
 */
export function SuspensionForm({ id, action, onDone }: { id: string; action: "suspend" | "reinstate"; onDone(): void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const change = useMutation({
    mutationFn: async () => void (action === "suspend" ? await request(SUSPEND, { id, reason: reason.trim() }) : await request(REINSTATE, { id, reason: reason.trim() })),
    onSuccess: () => {
      setReason("");
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = validateReason(reason, action);
    setError(problem);
    if (!problem) change.mutate();
  }
  const titleId = `${action}-title`;
  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby={titleId}>
      <h2 id={titleId}>{action === "suspend" ? "Suspend" : "Reinstate"}</h2>
      <p className="field-hint">
        {action === "suspend"
          ? "The registry marks the investor suspended: their wallets can no longer receive tokens, and tokens that ask for it freeze them."
          : "The registry marks the investor active again (liquidate-only if their KYC ran out meanwhile), and the wallets the suspension froze are unfrozen."}
      </p>
      <Field label={action === "suspend" ? "Reason for the suspension (audit log)" : "Reason for the reinstatement (audit log)"} error={error}>
        <textarea name={`${action}Reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      {change.error && <p className="error" role="alert">Could not {action}: {change.error.message}</p>}
      <div className="actions">
        <button type="submit" className={action === "suspend" ? "danger" : undefined} disabled={change.isPending}>
          {change.isPending ? "Sending…" : action === "suspend" ? "Suspend investor" : "Reinstate investor"}
        </button>
      </div>
    </form>
  );
}
