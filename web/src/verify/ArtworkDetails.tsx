import { Fragment } from "react";
import type { Certificate } from "./certificate-query.ts";

type Artwork = NonNullable<Certificate["artwork"]>;

/** The work as its metadata describes it, with its images (thumbnails linking to the full files). */
export function ArtworkDetails({ artwork: a }: { artwork: Artwork }) {
  const rows: [string, string | number | null][] = [
    ["Artist", a.artist], ["Year", a.year], ["Medium", a.medium], ["Dimensions", a.dimensions],
    ["Edition", a.edition], ["Inscriptions", a.inscriptions],
  ];
  return (
    <section className="verify-card" aria-labelledby="verify-work">
      <h2 id="verify-work">The work</h2>
      <ul className="verify-images">
        {a.images.map((image, i) => (
          <li key={image.sha256}>
            <a href={image.url}>
              <img src={image.thumbnailUrl} alt={`${a.title}, image ${i + 1} of ${a.images.length}`} width={image.width} height={image.height} />
            </a>
          </li>
        ))}
      </ul>
      <dl className="verify-facts">
        {rows.filter(([, v]) => v !== null && v !== "").map(([k, v]) => (
          <Fragment key={k}><dt>{k}</dt><dd className="verify-text">{v}</dd></Fragment>
        ))}
      </dl>
      <p className="verify-text">{a.description}</p>
    </section>
  );
}
