import type { ReactNode } from "react";
import { Field } from "./Field.tsx";

/** A one-line text input in the console's Field (label, hint, message next to it). */
export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  inputMode?: "text" | "numeric" | "decimal";
  placeholder?: string;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      <input type="text" autoComplete="off" value={props.value} inputMode={props.inputMode} placeholder={props.placeholder} onChange={(e) => props.onChange(e.target.value)} />
    </Field>
  );
}
