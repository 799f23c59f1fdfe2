import { useId, type ReactNode } from "react";

/** A labelled input with its hint and its error next to it (aria-describedby, aria-invalid). */
export function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  name?: string;
  inputMode?: "text" | "numeric" | "decimal";
  placeholder?: string;
  autoComplete?: string;
}) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        value={props.value}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? "off"}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && <small id={`${id}-hint`} className="field-hint">{props.hint}</small>}
      {props.error && <small id={`${id}-error`} className="field-error">{props.error}</small>}
    </div>
  );
}
