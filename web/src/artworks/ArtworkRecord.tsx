import type { Artwork } from "./lib/artwork-queries.ts";

/** The registered record of a work: its fields, images and canonical metadata hash and CID. */
export function ArtworkRecord({ artwork: a }: { artwork: Artwork }) {
  return (
    <div className="artwork-record">
      <ul className="artwork-images" aria-label="Images">
        {a.images.map((image, i) => (
          <li key={image.sha256}>
            <a href={image.url}><img src={image.thumbnailUrl} alt={`Image ${i + 1} of ${a.title}`} /></a>
            <span className="field-hint">{image.width} × {image.height}, {image.mimeType.replace("image/", "").toUpperCase()}</span>
          </li>
        ))}
      </ul>
      <dl className="details">
        <dt>Medium</dt><dd>{a.medium}</dd>
        <dt>Dimensions</dt><dd>{a.dimensions}</dd>
        {a.edition && <><dt>Edition</dt><dd>{a.edition}</dd></>}
        {a.inscriptions && <><dt>Inscriptions</dt><dd className="pre">{a.inscriptions}</dd></>}
        <dt>Description</dt><dd className="pre">{a.description}</dd>
        <dt>Metadata SHA-256</dt><dd><code data-testid="metadata-sha256">0x{a.metadataSha256}</code></dd>
        <dt>IPFS CID</dt><dd><code>{a.metadataCid}</code> (<a href={a.metadataUrl}>metadata JSON</a>)</dd>
        <dt>Collection</dt><dd><code>{a.collection}</code></dd>
      </dl>
    </div>
  );
}
