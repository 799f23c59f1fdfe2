import { useOutletContext } from "react-router";
import { useConnection } from "wagmi";
import { Loading } from "../ui/states.tsx";
import type { ArtworkOutlet } from "./ArtworkPage.tsx";
import { ArtworkRecord } from "./ArtworkRecord.tsx";
import { CertificateSummary } from "./CertificateSummary.tsx";
import { MintPanel } from "./MintPanel.tsx";
import { TransferPanel } from "./TransferPanel.tsx";

/** The artwork page's first tab: the record, then the mint (not yet minted) or the certificate and its transfer. */
export function CertificateTab() {
  const { artwork, tokenId, certificate, refresh } = useOutletContext<ArtworkOutlet>();
  const { address } = useConnection();
  return (
    <>
      {tokenId === null ? (
        <MintPanel artwork={artwork} onMinted={refresh} />
      ) : certificate ? (
        <section aria-labelledby="certificate-heading">
          <h2 id="certificate-heading">Certificate</h2>
          <CertificateSummary certificate={certificate} tokenId={tokenId} account={address} />
          <TransferPanel collection={artwork.collection} tokenId={tokenId} certificate={certificate} onDone={refresh} />
        </section>
      ) : (
        <Loading what="the certificate from the chain" />
      )}
      <h2>The work</h2>
      <ArtworkRecord artwork={artwork} />
    </>
  );
}
