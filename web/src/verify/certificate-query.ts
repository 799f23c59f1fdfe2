import { queryOptions, skipToken } from "@tanstack/react-query";
import { graphql, request, type ResultOf } from "../api/graphql.ts";
import type { CertificateLink } from "./token-id.ts";

export const CERTIFICATE = graphql(`
  query Certificate($collection: Address!, $tokenId: BigInt!) {
    certificate(collection: $collection, tokenId: $tokenId) {
      collection collectionName tokenId tokenIdHex issuer issuerName owner
      status statusReason statusDocumentHash statusChangedAt royaltyReceiver royaltyBps
      contentHash metadataCid metadataUrl tokenURI mintTx mintedBlock mintedAt indexedBlock
      artwork {
        artist title year medium dimensions edition inscriptions description
        images { sha256 url thumbnailUrl width height }
      }
      attestations { attestationId role attester statementHash signed recordedAt revoked revokedReason revokedAt }
      provenance { kind date documentHash recordedBy recordedAt txHash price currency lot }
    }
  }
`);

export type Certificate = NonNullable<ResultOf<typeof CERTIFICATE>["certificate"]>;

/**
 * The certificate's query, shared by the page and its entry: the entry starts it while the platform's settings load,
 * and the page picks up the same request. A bad link (null) asks nothing.
 */
export const certificateQuery = (link: CertificateLink | null) => queryOptions({
  queryKey: ["certificate", link?.collection.toLowerCase() ?? null, link?.tokenId ?? null],
  queryFn: link ? () => request(CERTIFICATE, link) : skipToken,
  retry: 1,
});
