import { useId, type ReactElement, type ReactNode } from "react";
import { cloneElement } from "react";

/**
 * A labelled form field with its hint and its message: the control gets the id, aria-invalid and aria-describedby,
 * so screen readers read the message with the field.
 */
export function Field({ label, error, hint, children }: {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && <p id={hintId} className="field-hint">{hint}</p>}
      {cloneElement(children, { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error && <p id={errorId} className="field-error">{error}</p>}
    </div>
  );
}

/** A checkbox with its label on the right. */
export function CheckboxField({ label, checked, onChange, name }: { label: ReactNode; checked: boolean; onChange(checked: boolean): void; name?: string }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}
