import { AmountInput } from "../ui/AmountInput.tsx";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import type { Units } from "./buyout.ts";
import type { TermsDraft, TermsField } from "./terms.ts";

/** The fields of a vault's terms: the share token, the supply, and the buy-out rules. */
export function TermsFields({ draft, onChange, errors, cash }: {
  draft: TermsDraft;
  onChange(draft: TermsDraft): void;
  errors: Partial<Record<TermsField, string>>;
  cash: Units;
}) {
  const set = (field: TermsField) => (value: string) => onChange({ ...draft, [field]: value });
  return (
    <>
      <div className="row">
        <TextField label="Share token name" value={draft.name} onChange={set("name")} error={errors.name} placeholder="e.g. Shares of Water Lilies (1916)" />
        <TextField label="Symbol" value={draft.symbol} onChange={set("symbol")} error={errors.symbol} placeholder="e.g. LILY16" />
      </div>
      <div className="row">
        <TextField label="Number of shares" value={draft.shares} onChange={set("shares")} error={errors.shares} inputMode="numeric" hint="Whole shares, all minted to your wallet; the supply never changes." />
        <TextField
          label="Buy-out threshold (%)"
          value={draft.thresholdPercent}
          onChange={set("thresholdPercent")}
          error={errors.thresholdPercent}
          inputMode="decimal"
          hint="Once a buyer holds this share of the supply, the remaining shares are redeemed for cash. 100: tenders only."
        />
      </div>
      <div className="row">
        <Field label={`Reserve price per share (${cash.symbol})`} error={errors.reservePrice} hint="No buy-out may offer less.">
          <AmountInput value={draft.reservePrice} onChange={set("reservePrice")} symbol={cash.symbol} />
        </Field>
        <TextField label="Longest buy-out (days)" value={draft.maxBuyoutDays} onChange={set("maxBuyoutDays")} error={errors.maxBuyoutDays} inputMode="numeric" hint="How long a buy-out may stay open before it reaches the threshold." />
      </div>
    </>
  );
}
