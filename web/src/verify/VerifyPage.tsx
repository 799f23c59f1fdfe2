import { useQuery } from "@tanstack/react-query";
import { ErrorState } from "../ui/states.tsx";
import { ArtworkDetails } from "./ArtworkDetails.tsx";
import { Attestations } from "./Attestations.tsx";
import { CertificateFacts } from "./CertificateFacts.tsx";
import { certificateQuery, type Certificate } from "./certificate-query.ts";
import { ProvenanceTimeline } from "./ProvenanceTimeline.tsx";
import { StatusBanner } from "./StatusBanner.tsx";
import { parseCertificateLink } from "./token-id.ts";
import { VerificationChecks } from "./VerificationChecks.tsx";
import "./verify.css";

/**
 * The public page a certificate's QR label opens: /verify/<collection>/<token id as 0x+64 hex or decimal>. No
 * sign-in, no wallet: the certificate as the chain recorded it, and a check of the served files run in the browser.
 * `collection` and `tokenId` are the link's two parts as written. Rendered by its own entry (entry.tsx, verify.html)
 * and, inside the console, by its route.
 *
 * The frame and the pending state are also written out in web/verify.html, so the first paint needs no script; a
 * test (test/web/verify/verify-first-paint.test.tsx) keeps the two identical.
 */
export function VerifyPage({ collection, tokenId }: { collection: string; tokenId: string }) {
  const link = parseCertificateLink(collection, tokenId);
  const query = useQuery(certificateQuery(link));
  return (
    <div className="verify">
      <header className="topbar verify-topbar">
        <div className="brand"><strong>Folio</strong><span className="tagline">certificate verification</span></div>
      </header>
      <main id="main" tabIndex={-1} className="verify-main">
        {!link ? (
          <ErrorState title="This verification link is not valid." error="It must name a collection address and a token id (0x and 64 hex digits, or a decimal number). Check the link or scan the label again." />
        ) : query.isPending ? (
          <CheckingCertificate />
        ) : query.error ? (
          <ErrorState title="Could not load the certificate." error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.certificate === null ? (
          <ErrorState title="No certificate found." error="No certificate with this id is recorded in this collection. It may not be issued yet, or the link is wrong." />
        ) : (
          <CertificateView certificate={query.data.certificate} />
        )}
      </main>
    </div>
  );
}

function CheckingCertificate() {
  return <p className="state state-loading" role="status">Checking the certificate…</p>;
}

function CertificateView({ certificate: c }: { certificate: Certificate }) {
  const a = c.artwork;
  return (
    <article>
      <StatusBanner certificate={c} />
      <h1 className="verify-title">{a ? <>{a.title}<span className="verify-subtitle">{a.artist}{a.year !== null ? `, ${a.year}` : ""}</span></> : "Certificate of authenticity"}</h1>
      <VerificationChecks certificate={c} />
      {a ? <ArtworkDetails artwork={a} /> : <p className="state">The work's metadata is not registered on this platform: only the certificate's chain record is shown.</p>}
      <CertificateFacts certificate={c} />
      <Attestations items={c.attestations} />
      <ProvenanceTimeline certificate={c} />
      <p className="verify-muted">Shown as indexed to block {c.indexedBlock}; later changes appear once indexed.</p>
    </article>
  );
}
