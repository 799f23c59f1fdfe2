import { graphql, type ResultOf } from "../api/graphql.ts";

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
