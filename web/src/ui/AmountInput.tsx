/** A text input for an amount in token units (never wei); pair it with parseAmount and a Field. */
export function AmountInput({ value, onChange, symbol, ...rest }: { value: string; onChange(text: string): void; symbol: string; id?: string; name?: string }) {
  return (
    <span className="amount-input">
      <input {...rest} type="text" inputMode="decimal" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
      <span className="amount-symbol" aria-hidden="true">{symbol}</span>
    </span>
  );
}
