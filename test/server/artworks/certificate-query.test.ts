import { getAddress, type Address } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { devAccount, signedInClient } from "../../support/sign-in.ts";
import { png } from "./artwork-fixtures.ts";
import { certificateChain, registerArtwork, type ApiAccess } from "./certificate-fixture.ts";

const ISSUER = 0;
const BUYER = 2;
const ARTIST = 3;
const CONSERVATOR = 4;

const CERTIFICATE = `query($collection: Address!, $tokenId: BigInt!) { certificate(collection: $collection, tokenId: $tokenId) {
  collection collectionName tokenId tokenIdHex issuer issuerName owner status statusReason statusDocumentHash statusChangedAt
  royaltyReceiver royaltyBps contentHash metadataCid metadataUrl tokenURI mintTx mintedBlock mintedAt indexedBlock
  artwork { artist title year medium dimensions edition inscriptions description images { sha256 url thumbnailUrl mimeType width height } }
  attestations { attestationId role attester statementHash signed recordedAt revoked revokedReason revokedAt }
  provenance { kind date documentHash recordedBy recordedAt txHash price currency lot }
} }`;

const WORK = { artist: "Gabriele Münter", title: "Jawlensky and Werefkin", year: 1909, medium: "Oil on cardboard", dimensions: "32.7 × 44.5 cm", description: "Two figures in a meadow at Murnau." };

describeEachDatabase("public certificate query", (kind) => {
  let platform: TestPlatform;
  let as: ReturnType<typeof signedInClient>["as"];
  let api: ApiAccess;
  let collection: Address;
  let chain: ReturnType<typeof certificateChain>;
  const issuer = async () => ({ account: devAccount(ISSUER), headers: await as(ISSUER) });
  const query = (tokenId: bigint, at: Address = collection) => platform.gql(CERTIFICATE, { collection: at, tokenId: tokenId.toString() });
  const rpc = <T>(method: string, params: unknown[] = []) => chain.client.request({ method: method as never, params: params as never }) as Promise<T>;

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    ({ as } = signedInClient(platform));
    api = { url: "http://folio.test/graphql", fetch: (url, init) => Promise.resolve(platform.app.yoga.fetch(url, init)) };
    collection = getAddress(readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!.contracts.ArtworkCertificate!.address);
    chain = certificateChain(platform.chain.rpcUrl, collection);
  });
  afterAll(() => platform?.close());

  it("shows a certificate as the chain recorded it: owner, status and reason, royalty, attestations (revoked too), provenance and sales", async () => {
    const artwork = await registerArtwork(api, await as(ISSUER), WORK, [{ bytes: await png(64, 48, "#a53"), name: "front.png", type: "image/png" }]);
    const mint = await chain.mint(api, await issuer(), artwork.id, { receiver: devAccount(ARTIST).address, bps: 500 });
    const { tokenId } = mint;
    const statement = chain.docHash("catalogue raisonné no. 412");
    await chain.send(devAccount(ARTIST), "attest", [tokenId, 1, statement, 1n]);
    await chain.send(devAccount(CONSERVATOR), "attest", [tokenId, 3, chain.docHash("condition: stable"), 7n]);
    await chain.send(devAccount(CONSERVATOR), "revokeAttestation", [tokenId, devAccount(CONSERVATOR).address, 7n, 5, chain.docHash("re-examined")]);
    await chain.send(devAccount(ISSUER), "recordProvenance", [tokenId, 3, 20230400, chain.docHash("exhibition catalogue")]);
    const lot = `0x${Buffer.from("LOT 17").toString("hex").padEnd(32, "0")}`;
    const sale = await chain.send(devAccount(ISSUER), "recordSale", [tokenId, 20240315, 1_250_000_00n, "0x455552", lot, chain.docHash("invoice 88")]);
    await chain.send(devAccount(ISSUER), "transferFrom", [devAccount(ISSUER).address, devAccount(BUYER).address, tokenId]);
    const report = chain.docHash("police report 2024/991");
    await chain.send(devAccount(ISSUER), "setStatus", [tokenId, 3, 0, report]);

    // Nothing is shown before the indexer has read the blocks; then everything, without signing in.
    expect((await query(tokenId)).data!.certificate).toBeNull();
    await platform.app.indexer.syncToHead();
    const { data, errors } = await query(tokenId);
    expect(errors).toBeUndefined();
    const c = data!.certificate;
    const onChain = <T>(functionName: string, args: readonly unknown[]) =>
      chain.client.readContract({ address: collection, abi: artworkCertificateAbi, functionName, args } as never) as Promise<T>;
    expect(c).toMatchObject({
      collection, collectionName: "Folio Artwork Certificates", tokenId: tokenId.toString(), tokenIdHex: `0x${artwork.metadataSha256}`,
      issuer: devAccount(ISSUER).address, issuerName: null, owner: await onChain("ownerOf", [tokenId]),
      status: "STOLEN", statusReason: "NONE", statusDocumentHash: report,
      royaltyReceiver: devAccount(ARTIST).address, royaltyBps: 500,
      contentHash: `0x${artwork.metadataSha256}`, metadataCid: artwork.metadataCid, metadataUrl: artwork.metadataUrl,
      tokenURI: await onChain("tokenURI", [tokenId]), mintTx: mint.hash, mintedBlock: mint.block,
    });
    expect(c.owner).toBe(devAccount(BUYER).address);
    expect(c.indexedBlock).toBeGreaterThanOrEqual(mint.block);
    expect(c.artwork).toMatchObject({ ...WORK, edition: null, inscriptions: null });
    expect(c.artwork.images).toEqual([expect.objectContaining({ sha256: artwork.images[0]!.sha256, url: artwork.images[0]!.url, mimeType: "image/png", width: 64, height: 48 })]);
    const mintedAt = Number((await chain.client.getBlock({ blockNumber: BigInt(mint.block) })).timestamp) * 1000;
    expect(Date.parse(c.mintedAt)).toBe(mintedAt);

    expect(c.attestations).toEqual([
      expect.objectContaining({ role: "ARTIST", attester: devAccount(ARTIST).address, statementHash: statement, signed: false, revoked: false, revokedReason: null, revokedAt: null }),
      expect.objectContaining({ role: "CONSERVATOR", attester: devAccount(CONSERVATOR).address, revoked: true, revokedReason: "OTHER" }),
    ]);
    expect(c.attestations[1].revokedAt).toMatch(/Z$/);
    expect(c.provenance).toEqual([
      expect.objectContaining({ kind: "EXHIBITION", date: "2023-04", recordedBy: devAccount(ISSUER).address, price: null, currency: null, lot: null }),
      expect.objectContaining({ kind: "SALE", date: "2024-03-15", price: "125000000", currency: "EUR", lot: "LOT 17", txHash: sale.hash }),
    ]);
  });

  it("answers null for an id never issued, and refuses a contract that is not one of the platform's collections", async () => {
    expect((await query(123n)).data!.certificate).toBeNull();
    const other = await query(1n, getAddress(readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!.contracts.IdentityRegistry!.address));
    expect(other.errors?.[0]?.extensions?.code).toBe("ARTWORK_COLLECTION_UNKNOWN");
    const bad = await platform.gql(CERTIFICATE, { collection, tokenId: "0x12" });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("forgets a mint that a reorganisation removed: the certificate disappears and the artwork shows as not minted again", async () => {
    await platform.app.indexer.syncToHead();
    const artwork = await registerArtwork(api, await as(ISSUER), { ...WORK, title: "Murnau study" }, [{ bytes: await png(50, 50, "#35a"), name: "study.png", type: "image/png" }]);
    const snapshot = await rpc<string>("evm_snapshot");
    const forkBlock = Number(await chain.client.getBlockNumber());
    const mint = await chain.mint(api, await issuer(), artwork.id);
    await chain.send(devAccount(ISSUER), "recordProvenance", [mint.tokenId, 1, 20250101, chain.docHash("custody receipt")]);
    await platform.app.indexer.syncToHead();
    expect((await query(mint.tokenId)).data!.certificate.provenance).toHaveLength(1);
    const minted = `query($id: ID!) { artwork(id: $id) { tokenId mintTx mintedBlock } }`;
    expect((await platform.gql(minted, { id: artwork.id })).data!.artwork.tokenId).toBe(mint.tokenId.toString());

    expect(await rpc("evm_revert", [snapshot])).toBe(true);
    await rpc("anvil_mine", ["0x4"]);
    const result = await platform.app.indexer.step();
    expect(result).toMatchObject({ kind: "reorg", forkBlock });
    await platform.app.indexer.syncToHead();
    expect((await query(mint.tokenId)).data!.certificate).toBeNull();
    expect((await platform.gql(minted, { id: artwork.id })).data!.artwork).toEqual({ tokenId: null, mintTx: null, mintedBlock: null });
    for (const table of ["certificate_mints", "certificate_transfers", "certificate_provenance"]) {
      const { rows } = await platform.db.query<{ n: string }>(`select count(*)::text as n from ${table} where block_number > $1`, [forkBlock]);
      expect(Number(rows[0]!.n), table).toBe(0);
    }
    // The issuer mints it again on the new branch, and it shows again.
    const again = await chain.mint(api, await issuer(), artwork.id);
    await platform.app.indexer.syncToHead();
    expect((await query(again.tokenId)).data!.certificate).toMatchObject({ status: "ACTIVE", owner: devAccount(ISSUER).address, mintTx: again.hash, provenance: [] });
  });
});
