import { useOutletContext } from "react-router";
import type { ArtworkOutlet } from "./ArtworkPage.tsx";
import { ConditionReportForm } from "./ConditionReportForm.tsx";
import { HistoryList } from "./HistoryList.tsx";
import { ProvenanceForm } from "./ProvenanceForm.tsx";

/** Provenance: the history read from the chain, and forms for a new entry and a condition report. */
export function ProvenanceTab() {
  const { artwork, tokenId, certificate, refresh } = useOutletContext<ArtworkOutlet>();
  if (tokenId === null) return <p className="state">Mint the certificate first.</p>;
  return (
    <>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {certificate ? <HistoryList entries={certificate.history} label="Certificate history" /> : <p role="status">Reading the chain…</p>}
      </section>
      <ProvenanceForm collection={artwork.collection} tokenId={tokenId} onDone={refresh} />
      <ConditionReportForm collection={artwork.collection} tokenId={tokenId} onDone={refresh} />
    </>
  );
}
