import { listCountries } from "../../../lib/countries.ts";

const COUNTRIES = listCountries().sort((a, b) => a.name.localeCompare(b.name, "en"));

/** A country picker: names shown, ISO 3166-1 alpha-2 codes as values. Use inside a Field. */
export function CountrySelect({ value, onChange, ...rest }: { value: string; onChange(alpha2: string): void; name?: string; id?: string }) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose a country…</option>
      {COUNTRIES.map((c) => (
        <option key={c.alpha2} value={c.alpha2}>{c.name}</option>
      ))}
    </select>
  );
}
