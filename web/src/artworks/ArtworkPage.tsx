import "./artworks.css";
import { useQuery } from "@tanstack/react-query";
import { NavLink, Outlet, useParams } from "react-router";
import { request } from "../api/graphql.ts";
import { ErrorState, Loading } from "../ui/states.tsx";
import { ARTWORK, type Artwork } from "./lib/artwork-queries.ts";
import { useCertificate, type CertificateState } from "./use-certificate.ts";

/** What the artwork page hands to its tabs (`useOutletContext<ArtworkOutlet>()`). */
export interface ArtworkOutlet {
  artwork: Artwork;
  tokenId: bigint | null;
  certificate: CertificateState | undefined;
  /** Reads the artwork and its certificate again (after a transaction). */
  refresh(): void;
}

const TABS = [
  { path: "", label: "Certificate" },
  { path: "provenance", label: "Provenance" },
  { path: "attestations", label: "Attestations" },
  { path: "status", label: "Status" },
  { path: "label", label: "Print label" },
];

/** One registered work: its record, then one tab per task on its certificate. */
export function ArtworkPage() {
  const { id } = useParams();
  const artwork = useQuery({ queryKey: ["artwork", id], queryFn: async () => (await request(ARTWORK, { id: id! })).artwork, enabled: !!id });
  const a = artwork.data;
  const tokenId = a?.tokenId ? BigInt(a.tokenId) : null;
  const certificate = useCertificate(a?.collection ?? "0x0000000000000000000000000000000000000000", tokenId, a?.mintedBlock ?? null);

  if (artwork.isPending) return <section className="artworks"><h1>Artwork</h1><Loading what="the artwork" /></section>;
  if (artwork.isError) return <section className="artworks"><h1>Artwork</h1><ErrorState title="Could not load the artwork." error={artwork.error} onRetry={() => void artwork.refetch()} /></section>;
  if (!a) return <section className="artworks"><h1>Artwork</h1><p role="alert">No artwork with this id.</p></section>;
  const refresh = () => {
    void artwork.refetch();
    void certificate.refresh();
  };
  return (
    <section className="artworks">
      <p className="artwork-byline">{a.artist}{a.year !== null ? `, ${a.year}` : ""}</p>
      <h1>{a.title}</h1>
      {tokenId !== null && (
        <nav aria-label="Certificate tasks" className="tabs no-print">
          {TABS.map((tab) => <NavLink key={tab.path} to={tab.path} end={tab.path === ""}>{tab.label}</NavLink>)}
        </nav>
      )}
      <Outlet context={{ artwork: a, tokenId, certificate: certificate.data, refresh } satisfies ArtworkOutlet} />
    </section>
  );
}
