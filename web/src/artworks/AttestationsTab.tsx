import { useOutletContext } from "react-router";
import type { ArtworkOutlet } from "./ArtworkPage.tsx";
import { AttestationRequestForm } from "./AttestationRequestForm.tsx";
import { HistoryList } from "./HistoryList.tsx";
import { SignedAttestationForm } from "./SignedAttestationForm.tsx";

/** Attestations read from the chain, a request for a new one, and the form that submits a signed one. */
export function AttestationsTab() {
  const { artwork, tokenId, certificate, refresh } = useOutletContext<ArtworkOutlet>();
  if (tokenId === null) return <p className="state">Mint the certificate first.</p>;
  return (
    <>
      <section aria-labelledby="attestations-heading">
        <h2 id="attestations-heading">Attestations</h2>
        {certificate ? <HistoryList entries={certificate.history} label="Attestations" only={["attestation", "attestation-revoked"]} /> : <p role="status">Reading the chain…</p>}
      </section>
      <AttestationRequestForm artworkId={artwork.id} title={artwork.title} collection={artwork.collection} tokenId={tokenId} />
      <SignedAttestationForm collection={artwork.collection} tokenId={tokenId} onDone={refresh} />
    </>
  );
}
