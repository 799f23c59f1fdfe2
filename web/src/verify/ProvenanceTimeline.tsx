import { formatAmount } from "../lib/format.ts";
import type { Certificate } from "./certificate-query.ts";
import { PROVENANCE_LABEL, utcTime } from "./labels.ts";

/** A sale price in the currency's minor units, shown in its major unit (ISO 4217 digits, as Intl knows them). */
function salePrice(price: string, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: show the minor units with two decimals.
  }
  return `${currency} ${formatAmount(price, digits)}`;
}

/** The work's history as the issuer recorded it: issuance, then custody, loans, exhibitions, condition reports, sales. */
export function ProvenanceTimeline({ certificate: c }: { certificate: Certificate }) {
  return (
    <section className="verify-card" aria-labelledby="verify-provenance">
      <h2 id="verify-provenance">Provenance</h2>
      <ol className="verify-timeline">
        <li><strong>Certificate issued</strong><span className="verify-muted"> · {utcTime(c.mintedAt)}</span></li>
        {c.provenance.map((p) => (
          <li key={`${p.txHash}-${p.kind}-${p.documentHash}`}>
            <strong>{PROVENANCE_LABEL[p.kind] ?? p.kind}</strong> {p.date}
            {p.price && p.currency && <> · {salePrice(p.price, p.currency)}{p.lot ? ` · lot ${p.lot}` : " · private sale"}</>}
            <span className="verify-muted"> · recorded {utcTime(p.recordedAt)} · document <code>{p.documentHash.slice(0, 14)}…</code></span>
          </li>
        ))}
      </ol>
    </section>
  );
}
