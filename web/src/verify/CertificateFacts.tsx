import type { Certificate } from "./certificate-query.ts";
import { utcTime } from "./labels.ts";

const Address = ({ value }: { value: string }) => <code className="verify-hash">{value}</code>;

/** The certificate itself: collection, token id, issuer, owner, royalty, issuance and where its metadata lives. */
export function CertificateFacts({ certificate: c }: { certificate: Certificate }) {
  return (
    <section className="verify-card" aria-labelledby="verify-certificate">
      <h2 id="verify-certificate">Certificate</h2>
      <dl className="verify-facts">
        <dt>Issued by</dt>
        <dd>{c.issuerName ? <>{c.issuerName} <Address value={c.issuer} /></> : <Address value={c.issuer} />}</dd>
        <dt>Owner</dt>
        <dd><Address value={c.owner} /></dd>
        <dt>Collection</dt>
        <dd>{c.collectionName} <Address value={c.collection} /></dd>
        <dt>Token id</dt>
        <dd><Address value={c.tokenIdHex} /></dd>
        <dt>Issued</dt>
        <dd>{utcTime(c.mintedAt)} · block {c.mintedBlock}</dd>
        <dt>Artist's resale royalty</dt>
        <dd>{c.royaltyReceiver ? <>{(c.royaltyBps / 100).toFixed(2)}% to <Address value={c.royaltyReceiver} /></> : "None recorded"}</dd>
        <dt>Content hash</dt>
        <dd><Address value={c.contentHash} /></dd>
        <dt>Metadata</dt>
        <dd><a href={c.metadataUrl}>{c.metadataCid}.json</a></dd>
        <dt>Token URI</dt>
        <dd><Address value={c.tokenURI} /></dd>
      </dl>
    </section>
  );
}
