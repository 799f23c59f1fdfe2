import { useQuery } from "@tanstack/react-query";
import { useOutletContext } from "react-router";
import { Loading } from "../ui/states.tsx";
import type { ArtworkOutlet } from "./ArtworkPage.tsx";
import { tokenIdHex, verificationUrl } from "./lib/certificate-ids.ts";
import { labelQrSvg } from "./lib/label-qr.ts";

/**
 * The physical label for the work: title, artist, certificate id and a QR code of the public verification page.
 * Printing (CSS @media print) leaves only the label.
 */
export function LabelTab() {
  const { artwork: a, tokenId } = useOutletContext<ArtworkOutlet>();
  const url = tokenId === null ? null : verificationUrl(window.location.origin, a.collection, tokenId);
  const qr = useQuery({ queryKey: ["label-qr", url], queryFn: () => labelQrSvg(url!), enabled: !!url, staleTime: Infinity });
  if (tokenId === null || !url) return <p className="state">Mint the certificate first.</p>;
  return (
    <>
      <div className="no-print actions">
        <p className="field-hint">The label prints on its own (about 9 × 5.5 cm); scanning its code opens the public verification page of this certificate.</p>
        <button type="button" className="primary" onClick={() => window.print()}>Print the label</button>
      </div>
      <article className="artwork-label" aria-label="Label" data-testid="artwork-label">
        <div className="label-text">
          <p className="label-artist">{a.artist}</p>
          <p className="label-title"><cite>{a.title}</cite>{a.year !== null ? `, ${a.year}` : ""}</p>
          <p className="label-medium">{a.medium} · {a.dimensions}</p>
          <p className="label-id">Certificate <code data-testid="label-token-id">{tokenIdHex(tokenId)}</code></p>
          <p className="label-url"><code data-testid="label-url">{url}</code></p>
        </div>
        {qr.data ? (
          <div className="label-qr" role="img" aria-label={`QR code of ${url}`} data-testid="label-qr" dangerouslySetInnerHTML={{ __html: qr.data }} />
        ) : (
          <Loading what="the QR code" />
        )}
      </article>
    </>
  );
}
