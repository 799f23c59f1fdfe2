import "./artworks.css";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useConnection } from "wagmi";
import { request } from "../api/graphql.ts";
import { Empty, ErrorState, Loading } from "../ui/states.tsx";
import { CertificateStatusBadge } from "./CertificateStatusBadge.tsx";
import { shortId } from "./lib/certificate-ids.ts";
import { MY_ARTWORKS } from "./lib/artwork-queries.ts";

/** The works the connected auction house registered, newest first, with where each certificate stands. */
export function ArtworksPage() {
  const { address } = useConnection();
  const works = useQuery({
    queryKey: ["my-artworks", address],
    queryFn: async () => (await request(MY_ARTWORKS, { issuer: address! })).artworks.edges.map((e) => e.node),
    enabled: !!address,
  });
  return (
    <section className="artworks">
      <div className="page-head">
        <h1>My artworks</h1>
        <Link className="button primary" to="/artworks/register">Register an artwork</Link>
      </div>
      <p className="field-hint">Works your house registered. A certificate is minted from your wallet once a work is registered; open a work to mint, transfer, record provenance or print its label.</p>
      {works.isPending && address && <Loading what="your artworks" />}
      {works.isError && <ErrorState title="Could not load your artworks." error={works.error} onRetry={() => void works.refetch()} />}
      {works.data && works.data.length === 0 && <Empty>No artworks registered yet: register the first one.</Empty>}
      {works.data && works.data.length > 0 && (
        <ul className="artwork-list" aria-label="Registered artworks">
          {works.data.map((a) => (
            <li key={a.id} className="artwork-card" data-testid="artwork-row">
              {a.images[0] && <img src={a.images[0].thumbnailUrl} alt="" width={72} height={72} />}
              <div>
                <Link to={`/artworks/${a.id}`} className="artwork-title">{a.title}</Link>
                <p className="artwork-meta">{a.artist}{a.year !== null ? `, ${a.year}` : ""} · {a.medium}</p>
                <p className="artwork-meta">
                  {a.tokenId ? <CertificateStatusBadge collection={a.collection} tokenId={BigInt(a.tokenId)} /> : <span className="badge">Registered, not minted</span>}{" "}
                  <code title={a.metadataSha256}>{shortId(`0x${a.metadataSha256}`)}</code>
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
