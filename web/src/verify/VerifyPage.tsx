import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { request } from "../api/graphql.ts";
import { ErrorState, Loading } from "../ui/states.tsx";
import { ArtworkDetails } from "./ArtworkDetails.tsx";
import { Attestations } from "./Attestations.tsx";
import { CertificateFacts } from "./CertificateFacts.tsx";
import { CERTIFICATE, type Certificate } from "./certificate-query.ts";
import { ProvenanceTimeline } from "./ProvenanceTimeline.tsx";
import { StatusBanner } from "./StatusBanner.tsx";
import { isAddressText, parseTokenId } from "./token-id.ts";
import { VerificationChecks } from "./VerificationChecks.tsx";
import "./verify.css";

/**
 * The public page a certificate's QR label opens: /verify/<collection>/<token id as 0x+64 hex or decimal>. No
 * sign-in, no wallet: the certificate as the chain recorded it, and a check of the served files run in the browser.
 */
export function VerifyPage() {
  const params = useParams();
  const collection = params.collection ?? "";
  const tokenId = parseTokenId(params.tokenId ?? "");
  const valid = isAddressText(collection) && tokenId !== null;
  const query = useQuery({
    queryKey: ["certificate", collection.toLowerCase(), tokenId],
    queryFn: () => request(CERTIFICATE, { collection: collection as `0x${string}`, tokenId: tokenId! }),
    enabled: valid,
    retry: 1,
  });
  return (
    <div className="verify">
      <header className="topbar verify-topbar">
        <div className="brand"><strong>Folio</strong><span className="tagline">certificate verification</span></div>
      </header>
      <main id="main" tabIndex={-1} className="verify-main">
        {!valid ? (
          <ErrorState title="This verification link is not valid." error="It must name a collection address and a token id (0x and 64 hex digits, or a decimal number). Check the link or scan the label again." />
        ) : query.isPending ? (
          <Loading what="the certificate" />
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
