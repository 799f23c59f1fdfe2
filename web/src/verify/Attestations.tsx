import type { Certificate } from "./certificate-query.ts";
import { REASON_LABEL, ROLE_LABEL, utcTime } from "./labels.ts";

/** Who vouched for the work, oldest first; revoked attestations stay listed, marked. */
export function Attestations({ items }: { items: Certificate["attestations"] }) {
  return (
    <section className="verify-card" aria-labelledby="verify-attestations">
      <h2 id="verify-attestations">Attestations</h2>
      {items.length === 0 ? <p className="verify-muted">No attestation recorded yet.</p> : (
        <ul className="verify-list">
          {items.map((a) => (
            <li key={a.attestationId} className={a.revoked ? "verify-revoked" : undefined}>
              <strong>{ROLE_LABEL[a.role] ?? a.role}</strong> <code className="verify-hash">{a.attester}</code>
              <span className="verify-muted"> · {utcTime(a.recordedAt)}{a.signed ? " · signed" : ""}</span>
              {a.revoked && <p className="verify-revoked-note">Revoked{a.revokedReason && REASON_LABEL[a.revokedReason] ? ` (${REASON_LABEL[a.revokedReason]})` : ""}{a.revokedAt ? ` ${utcTime(a.revokedAt)}` : ""}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
