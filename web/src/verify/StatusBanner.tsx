import type { Certificate } from "./certificate-query.ts";
import { REASON_LABEL, STATUS_LABEL, utcTime } from "./labels.ts";

const WARNING: Record<string, string> = {
  LOST: "The work is reported missing. Its certificate cannot change hands until the issuer recovers it. If this work is offered to you, contact the issuer.",
  STOLEN: "The work is reported stolen. Its certificate cannot change hands until the issuer recovers it. Do not buy it; contact the issuer or the police.",
  DESTROYED: "The issuer recorded that the work no longer exists. The certificate stays as a record and never moves again.",
  REVOKED: "The issuer withdrew this certificate. It no longer vouches for the work.",
};

/** The certificate's standing, first on the page: lost and stolen works in red, large, as an alert. */
export function StatusBanner({ certificate: c }: { certificate: Certificate }) {
  const label = STATUS_LABEL[c.status] ?? c.status;
  if (c.status === "ACTIVE") {
    return <p className="verify-status verify-status-active" data-testid="certificate-status"><strong>{label}</strong>: in good standing with its issuer.</p>;
  }
  const reason = REASON_LABEL[c.statusReason];
  return (
    <div className={`verify-status verify-status-${c.status.toLowerCase()}`} role="alert" data-testid="certificate-status">
      <p className="verify-status-title">{label}{reason ? ` (${reason})` : ""}</p>
      <p>{WARNING[c.status]}</p>
      {c.statusChangedAt && <p className="verify-muted">Recorded {utcTime(c.statusChangedAt)}{c.statusDocumentHash && <> · document <code>{c.statusDocumentHash.slice(0, 18)}…</code></>}</p>}
    </div>
  );
}
