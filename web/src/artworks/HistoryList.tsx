import { shortAddress } from "../lib/format.ts";
import { attesterRoleName } from "./lib/attestation.ts";
import type { HistoryEntry } from "./lib/certificate-history.ts";
import { REASONS, statusName } from "./lib/certificate-status.ts";
import { formatEntryDate, formatSalePrice, provenanceKindName } from "./lib/provenance.ts";

/** One history entry in words. */
function describe(e: HistoryEntry): { what: string; detail: string; hash?: string } {
  switch (e.type) {
    case "issued":
      return { what: "Certificate issued", detail: `by ${shortAddress(e.issuer)} to ${shortAddress(e.owner)}` };
    case "transfer":
      return { what: "Transferred", detail: `from ${shortAddress(e.from)} to ${shortAddress(e.to)}` };
    case "provenance":
      return { what: provenanceKindName(e.kind), detail: `dated ${formatEntryDate(e.date)}, recorded by ${shortAddress(e.recordedBy)}`, hash: e.documentHash };
    case "sale":
      return { what: "Sale", detail: `${formatSalePrice(e.price, e.currency)}${e.lot ? `, lot ${e.lot}` : ", private sale"}, dated ${formatEntryDate(e.date)}`, hash: e.documentHash };
    case "status": {
      const reason = e.reason ? `, reason: ${REASONS.find((r) => r.value === e.reason)?.label.toLowerCase()}` : "";
      return { what: `Status: ${statusName(e.status)}`, detail: `was ${statusName(e.previous).toLowerCase()}${reason}, by ${shortAddress(e.by)}`, hash: e.documentHash };
    }
    case "attestation":
      return { what: `Attestation: ${attesterRoleName(e.role)}`, detail: `by ${shortAddress(e.attester)}${e.signed ? " (signed, submitted by the issuer)" : " (sent by the attester)"}`, hash: e.statementHash };
    case "attestation-revoked":
      return { what: "Attestation revoked", detail: `of ${shortAddress(e.attester)}` };
  }
}

/** The certificate's history read from the chain, oldest first; `only` keeps some kinds of entries. */
export function HistoryList({ entries, label, only }: { entries: HistoryEntry[]; label: string; only?: HistoryEntry["type"][] }) {
  const shown = only ? entries.filter((e) => only.includes(e.type)) : entries;
  if (!shown.length) return <p className="state state-empty">Nothing recorded yet.</p>;
  return (
    <ol className="history" aria-label={label}>
      {shown.map((e) => {
        const d = describe(e);
        return (
          <li key={`${e.tx}-${e.logIndex}`} data-testid="history-entry">
            <p><strong>{d.what}</strong> {d.detail}</p>
            <p className="field-hint">Block {e.block.toString()}{d.hash ? <> · hash <code>{d.hash}</code></> : null}</p>
          </li>
        );
      })}
    </ol>
  );
}
