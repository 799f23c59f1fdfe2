import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { ApiError, request } from "../api/graphql.ts";
import { CountrySelect } from "../ui/CountrySelect.tsx";
import { CheckboxField, Field } from "../ui/Field.tsx";
import { toKycInput, validateKycForm, type KycFormErrors, type KycFormValues } from "./kyc-form.ts";
import { SAVE_APPLICATION } from "./kyc-queries.ts";

const CATEGORIES = [
  { value: "RETAIL", label: "Retail investor" },
  { value: "ACCREDITED", label: "Accredited investor" },
  { value: "QUALIFIED", label: "Qualified / professional investor" },
  { value: "INSTITUTION", label: "Institution" },
] as const;

/** Server messages name the field first ("dateOfBirth must ..."): show them next to it. */
const SERVER_FIELDS: Record<string, keyof KycFormValues> = {
  legalName: "legalName", dateOfBirth: "dateOfBirth", "address.line1": "line1", "address.line2": "line2", "address.city": "city",
  "address.postalCode": "postalCode", "address.region": "region", countryOfResidence: "countryOfResidence",
  nationality: "nationality", taxResidence: "taxResidence", category: "category",
};

/** The application's personal details: checked field by field before anything is sent. */
export function KycApplicationForm({ initial, onSaved }: { initial: KycFormValues; onSaved(): void }) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<KycFormErrors>({});
  const [tried, setTried] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const save = useMutation({
    mutationFn: (v: KycFormValues) => request(SAVE_APPLICATION, { input: toKycInput(v) }),
    onSuccess: onSaved,
    onError: (error) => {
      const field = error instanceof ApiError ? SERVER_FIELDS[error.message.split(" ")[0]!] : undefined;
      if (field) setErrors({ [field]: error.message.replace(/^\S+ /, "This ") });
    },
  });

  const set = <K extends keyof KycFormValues>(key: K, value: KycFormValues[K]) => {
    const next = { ...values, [key]: value };
    setValues(next);
    if (tried) setErrors(validateKycForm(next));
  };
  const text = (key: keyof KycFormValues, props: { autoComplete?: string; type?: string } = {}) => (
    <input type={props.type ?? "text"} name={key} autoComplete={props.autoComplete} value={values[key] as string} onChange={(e) => set(key, e.target.value)} />
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    const found = validateKycForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // Focus the first field with a message, as the form reads from top to bottom.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    save.mutate(values);
  }

  const fieldError = save.error && !(save.error instanceof ApiError && SERVER_FIELDS[save.error.message.split(" ")[0]!]);
  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby="kyc-details-title" className="form">
      <h2 id="kyc-details-title">Your details</h2>
      <Field label="Full legal name" error={errors.legalName}>{text("legalName", { autoComplete: "name" })}</Field>
      <Field label="Date of birth" error={errors.dateOfBirth}>{text("dateOfBirth", { type: "date", autoComplete: "bday" })}</Field>
      <fieldset>
        <legend>Residential address</legend>
        <Field label="Street and number" error={errors.line1}>{text("line1", { autoComplete: "address-line1" })}</Field>
        <Field label="Address line 2 (optional)" error={errors.line2}>{text("line2", { autoComplete: "address-line2" })}</Field>
        <div className="row">
          <Field label="Postal code" error={errors.postalCode}>{text("postalCode", { autoComplete: "postal-code" })}</Field>
          <Field label="City" error={errors.city}>{text("city", { autoComplete: "address-level2" })}</Field>
        </div>
        <Field label="Region (optional)" error={errors.region}>{text("region", { autoComplete: "address-level1" })}</Field>
      </fieldset>
      <Field label="Country of residence" error={errors.countryOfResidence}>
        <CountrySelect name="countryOfResidence" value={values.countryOfResidence} onChange={(c) => set("countryOfResidence", c)} />
      </Field>
      <Field label="Nationality" error={errors.nationality}>
        <CountrySelect name="nationality" value={values.nationality} onChange={(c) => set("nationality", c)} />
      </Field>
      <Field label="Tax residence" error={errors.taxResidence}>
        <CountrySelect name="taxResidence" value={values.taxResidence} onChange={(c) => set("taxResidence", c)} />
      </Field>
      <Field label="Investor category" hint="Categories other than retail need evidence (an accreditation document)." error={errors.category}>
        <select name="category" value={values.category} onChange={(e) => set("category", e.target.value as KycFormValues["category"])}>
          <option value="">Choose a category…</option>
          {CATEGORIES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      </Field>
      <CheckboxField name="usPerson" label="I am a US person (citizen, resident or taxpayer of the United States)" checked={values.usPerson} onChange={(c) => set("usPerson", c)} />
      {fieldError && <p className="error" role="alert">Could not save: {save.error!.message}</p>}
      {save.isSuccess && <p className="success" role="status">Details saved.</p>}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save details"}</button>
      </div>
    </form>
  );
}
