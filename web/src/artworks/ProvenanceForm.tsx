import { useState, type FormEvent } from "react";
import type { Address, Hex } from "viem";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { detailsHash, parseEntryDate, parseSale, PROVENANCE_CONDITION_REPORT, PROVENANCE_KINDS, PROVENANCE_SALE } from "./lib/provenance.ts";
import { useCertificateTransaction } from "./use-certificate-tx.ts";

type Errors = Partial<Record<"date" | "details" | "price" | "currency" | "lot", string>>;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Records a provenance entry: custody, loan, exhibition or a sale (price, currency, lot). The written details stay
 * off chain; their SHA-256, computed here in the browser, is the entry's document hash.
 */
export function ProvenanceForm({ collection, tokenId, onDone }: { collection: Address; tokenId: bigint; onDone(): void }) {
  const tx = useCertificateTransaction(collection);
  const [kind, setKind] = useState(1);
  const [date, setDate] = useState(today);
  const [details, setDetails] = useState("");
  const [sale, setSale] = useState({ price: "", currency: "EUR", lot: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [hash, setHash] = useState<Hex | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {};
    const parsedDate = parseEntryDate(date);
    if (!parsedDate.ok) next.date = parsedDate.error;
    if (details.trim() === "") next.details = "Describe the entry: its hash is what the chain records";
    const parsedSale = kind === PROVENANCE_SALE ? parseSale(sale) : null;
    if (parsedSale && !parsedSale.ok) Object.assign(next, parsedSale.errors);
    setErrors(next);
    if (Object.keys(next).length || !parsedDate.ok) return;
    const documentHash = await detailsHash(details);
    setHash(documentHash);
    const result = parsedSale?.ok
      ? await tx.call("recordSale", [tokenId, parsedDate.date, parsedSale.sale.price, parsedSale.sale.currency, parsedSale.sale.lot, documentHash])
      : await tx.call("recordProvenance", [tokenId, kind, parsedDate.date, documentHash]);
    if (result.status === "confirmed") {
      setDetails("");
      onDone();
    }
  };

  return (
    <section aria-labelledby="provenance-heading" className="form">
      <h2 id="provenance-heading">Record provenance</h2>
      <form onSubmit={submit} noValidate aria-label="Record provenance">
        <div className="row">
          <Field label="Kind">
            <select value={kind} onChange={(e) => setKind(Number(e.target.value))}>
              {PROVENANCE_KINDS.filter((k) => k.value !== PROVENANCE_CONDITION_REPORT).map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
            </select>
          </Field>
          <Field label="Date" error={errors.date} hint="UTC">
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </Field>
        </div>
        {kind === PROVENANCE_SALE && (
          <div className="row">
            <TextField label="Price" value={sale.price} onChange={(price) => setSale((s) => ({ ...s, price }))} error={errors.price} inputMode="decimal" hint="Hammer or sale price, in the currency's units." />
            <TextField label="Currency" value={sale.currency} onChange={(currency) => setSale((s) => ({ ...s, currency }))} error={errors.currency} hint="ISO 4217 code." />
            <TextField label="Lot" value={sale.lot} onChange={(lot) => setSale((s) => ({ ...s, lot }))} error={errors.lot} hint="Empty for a private sale." />
          </div>
        )}
        <Field label="Details" error={errors.details} hint="Kept off chain: who, where, the document's reference. Its SHA-256 is recorded.">
          <textarea rows={3} value={details} onChange={(e) => setDetails(e.target.value)} />
        </Field>
        {hash && <p className="field-hint">Document hash: <code data-testid="provenance-hash">{hash}</code></p>}
        <button type="submit" className="primary" disabled={tx.busy}>Record the entry</button>
      </form>
      <TransactionStatus state={tx.state} />
    </section>
  );
}
