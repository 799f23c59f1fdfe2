import { print } from "graphql";
import { ApiError, graphql, type ResultOf } from "../../api/graphql.ts";

const ARTWORK_FIELDS = graphql(`
  fragment ArtworkFields on Artwork @_unmask {
    id issuer collection artist title year medium dimensions edition inscriptions description
    images { sha256 mimeType bytes width height url thumbnailUrl }
    metadataJson metadataSha256 metadataCid metadataUrl tokenId mintTx mintedBlock createdAt
  }
`);

export const MY_ARTWORKS = graphql(`
  query MyArtworks($issuer: Address!) {
    artworks(issuer: $issuer, first: 100) { edges { node { ...ArtworkFields } } }
  }
`, [ARTWORK_FIELDS]);

export const ARTWORK = graphql(`
  query Artwork($id: ID!) { artwork(id: $id) { ...ArtworkFields } }
`, [ARTWORK_FIELDS]);

export const ARTWORK_MINT_CALL = graphql(`
  query ArtworkMintCall($id: ID!, $to: Address, $royaltyReceiver: Address, $royaltyBps: Int) {
    artworkMintCall(id: $id, to: $to, royaltyReceiver: $royaltyReceiver, royaltyBps: $royaltyBps) { to data value description }
  }
`);

export const RECORD_ARTWORK_MINT = graphql(`
  mutation RecordArtworkMint($id: ID!, $txHash: String!) { recordArtworkMint(id: $id, txHash: $txHash) { ...ArtworkFields } }
`, [ARTWORK_FIELDS]);

export const REGISTER_ARTWORK = graphql(`
  mutation RegisterArtwork($input: ArtworkInput!, $images: [File!]!) { registerArtwork(input: $input, images: $images) { ...ArtworkFields } }
`, [ARTWORK_FIELDS]);

export type Artwork = ResultOf<typeof ARTWORK_FIELDS>;

type Input = Parameters<typeof print>[0];

/**
 * registerArtwork as one GraphQL multipart request (graphql-multipart-request-spec) carrying every image: each file
 * goes in place of `images.<i>`. Errors come back as ApiError with the server's code.
 */
export async function registerArtwork(input: Record<string, unknown>, files: readonly File[], fetchImpl: typeof fetch = fetch): Promise<Artwork> {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: print(REGISTER_ARTWORK as Input), variables: { input, images: files.map(() => null) } }));
  form.append("map", JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.images.${i}`]]))));
  files.forEach((file, i) => form.append(String(i), file, file.name));
  const response = await fetchImpl("/graphql", { method: "POST", body: form });
  const body = (await response.json().catch(() => ({}))) as { data?: { registerArtwork?: Artwork }; errors?: { message: string; extensions?: { code?: string; hint?: string } }[] };
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code, undefined, first.extensions?.hint);
  if (!body.data?.registerArtwork) throw new ApiError(`Request failed with HTTP ${response.status}`);
  return body.data.registerArtwork;
}
