import { useId, useState } from "react";
import { COUNTRY_OPTIONS, countryByAlpha2 } from "./country-options.ts";

/** Chooses countries by name (a list to pick from as you type), shown as removable chips; values are alpha-2 codes. */
export function CountryPicker(props: { label: string; value: string[]; onChange: (codes: string[]) => void; error?: string }) {
  const id = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const add = () => {
    const query = text.trim().toLowerCase();
    if (!query) return;
    const country = COUNTRY_OPTIONS.find((c) => c.name.toLowerCase() === query) ?? countryByAlpha2(query);
    if (!country) {
      setProblem(`No country is called "${text.trim()}": pick one from the list`);
      return;
    }
    setProblem(null);
    setText("");
    if (!props.value.includes(country.alpha2)) props.onChange([...props.value, country.alpha2]);
  };

  const error = problem ?? props.error;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="row">
        <input
          id={id}
          list={`${id}-list`}
          value={text}
          placeholder="Type a country's name"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" onClick={add}>Add country</button>
      </div>
      <datalist id={`${id}-list`}>
        {COUNTRY_OPTIONS.map((c) => <option key={c.alpha2} value={c.name} />)}
      </datalist>
      {error && <small id={`${id}-error`} className="field-error">{error}</small>}
      {props.value.length > 0 && (
        <ul className="chips" aria-label="Chosen countries">
          {props.value.map((code) => (
            <li key={code}>
              {countryByAlpha2(code)?.name ?? code}
              <button type="button" aria-label={`Remove ${countryByAlpha2(code)?.name ?? code}`} onClick={() => props.onChange(props.value.filter((c) => c !== code))}>×</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
