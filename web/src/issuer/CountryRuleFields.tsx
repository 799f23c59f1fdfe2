import { CountryPicker } from "../ui/CountryPicker.tsx";
import type { CountryMode } from "./lib/issue-token-form.ts";

const MODES: [CountryMode, string][] = [
  ["none", "Investors from any country"],
  ["allow", "Only investors from the countries listed (allow-list)"],
  ["deny", "Everyone except investors from the countries listed (deny-list)"],
];

/** A token's country rule: none, an allow-list or a deny-list, and its countries by name. */
export function CountryRuleFields(props: {
  /** The radio group's name, distinct per form on a page. */
  name: string;
  mode: CountryMode;
  countries: string[];
  onMode(mode: CountryMode): void;
  onCountries(codes: string[]): void;
  error?: string;
}) {
  return (
    <>
      <div className="radio-group" role="radiogroup" aria-label="Country rule">
        {MODES.map(([mode, label]) => (
          <label key={mode} className="checkbox">
            <input type="radio" name={props.name} value={mode} checked={props.mode === mode} onChange={() => props.onMode(mode)} />
            {label}
          </label>
        ))}
      </div>
      {props.mode !== "none" && (
        <CountryPicker
          label={props.mode === "allow" ? "Countries that may hold it" : "Countries that may not hold it"}
          value={props.countries}
          onChange={props.onCountries}
          error={props.error}
        />
      )}
    </>
  );
}
