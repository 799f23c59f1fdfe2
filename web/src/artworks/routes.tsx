import { lazy, Suspense, type ReactNode } from "react";
import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { Loading } from "../ui/states.tsx";

// The artwork pages carry the certificate ABI and the QR encoder: loaded when an auction house opens them.
const named = <T extends string>(load: () => Promise<Record<T, React.ComponentType>>, name: T) => lazy(() => load().then((m) => ({ default: m[name] })));
const ArtworksPage = named(() => import("./ArtworksPage.tsx"), "ArtworksPage");
const RegisterArtworkPage = named(() => import("./RegisterArtworkPage.tsx"), "RegisterArtworkPage");
const ArtworkPage = named(() => import("./ArtworkPage.tsx"), "ArtworkPage");
const CertificateTab = named(() => import("./CertificateTab.tsx"), "CertificateTab");
const ProvenanceTab = named(() => import("./ProvenanceTab.tsx"), "ProvenanceTab");
const AttestationsTab = named(() => import("./AttestationsTab.tsx"), "AttestationsTab");
const StatusTab = named(() => import("./StatusTab.tsx"), "StatusTab");
const LabelTab = named(() => import("./LabelTab.tsx"), "LabelTab");
const AttestPage = named(() => import("./AttestPage.tsx"), "AttestPage");

const page = (element: ReactNode) => <Suspense fallback={<Loading what="the page" />}>{element}</Suspense>;
const issuerPage = (element: ReactNode) => <RequireArea area="artworks">{page(element)}</RequireArea>;

/**
 * The auction house's artwork console (authorised certificate issuers), and the attester's page, which any wallet
 * the issuer sends a request to may open.
 */
export const artworkRoutes: RouteObject[] = [
  { path: "artworks", element: issuerPage(<ArtworksPage />) },
  { path: "artworks/register", element: issuerPage(<RegisterArtworkPage />) },
  { path: "artworks/attest", element: page(<AttestPage />) },
  {
    path: "artworks/:id",
    element: issuerPage(<ArtworkPage />),
    children: [
      { index: true, element: page(<CertificateTab />) },
      { path: "provenance", element: page(<ProvenanceTab />) },
      { path: "attestations", element: page(<AttestationsTab />) },
      { path: "status", element: page(<StatusTab />) },
      { path: "label", element: page(<LabelTab />) },
    ],
  },
];
