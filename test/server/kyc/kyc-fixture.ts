import { Writable } from "node:stream";
import { createPublicClient, createWalletClient, http, type Address, type Hex } from "viem";
import { identityRegistryAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import type { DatabaseKind } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { grantPlatformRole } from "../../support/roles.ts";
import { devAccount, signedInClient } from "../../support/sign-in.ts";

export const ADMIN = 10;
export const OFFICER = 11;

/** A platform whose logs are captured (debug level) and whose outbox worker runs; officer #11, admin #10. */
export async function startKycPlatform(kind: DatabaseKind, env: Record<string, string> = {}) {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const platform = await startTestPlatform(kind, { FOLIO_ADMIN_ADDRESSES: devAccount(ADMIN).address, ...env }, undefined, { logger: createLogger("debug", sink) });
  await grantPlatformRole(platform, OFFICER, "COMPLIANCE_OFFICER");
  platform.app.outboxWorker.start();
  const transport = http(platform.chain.rpcUrl, { batch: false });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const owner = createWalletClient({ account: devAccount(0), transport });
  const deployment = readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!;
  const registry = deployment.contracts.IdentityRegistry.address;
  const token = deployment.tokens[0];
  const { as, gql } = signedInClient(platform);

  const kyc = {
    platform,
    logLines,
    publicClient,
    registry,
    token,
    agent: platform.app.services.outbox.sender,
    as,
    /** Runs one operation as dev account `index` (null: anonymous). */
    gql,
    /** A GraphQL multipart request (graphql-multipart-request-spec) with one file in `variables.file`. */
    async upload(index: number, query: string, variables: Record<string, unknown>, file: { bytes: Uint8Array; name: string; type: string }) {
      const form = new FormData();
      form.set("operations", JSON.stringify({ query, variables: { ...variables, file: null } }));
      form.set("map", JSON.stringify({ 0: ["variables.file"] }));
      form.set("0", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      const response = await platform.app.yoga.fetch("http://folio.test/graphql", {
        method: "POST", body: form, headers: { ...(await as(index)), "graphql-require-preflight": "1" },
      });
      return response.json() as Promise<{ data?: any; errors?: any[] }>;
    },
    registryInvestor: (id: Hex) => publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: "investor", args: [id] }),
    investorOf: (wallet: Address) => publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: "investorOf", args: [wallet] }),
    isVerified: (wallet: Address) => publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: "isVerified", args: [wallet] }),
    isFrozen: (wallet: Address) => publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "isFrozen", args: [wallet] }),
    balanceOf: (wallet: Address) => publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "balanceOf", args: [wallet] }),
    /** The issuer (dev #0) writes to the demo token directly. */
    async ownerWrite(functionName: "mint" | "setAgentPermissions" | "setAddressFrozen", args: readonly unknown[]) {
      const hash = await owner.writeContract({ address: token, abi: securityTokenAbi, functionName, args, chain: null } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    },
    async increaseTime(seconds: number) {
      await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
      await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    },
    /** Waits until every on-chain write of the application is confirmed (fails fast when one failed). */
    async settled(applicationId: string) {
      for (let i = 0; i < 400; i++) {
        const status = await platform.app.services.kyc.onChainStatus(applicationId);
        if (status === "confirmed") return;
        if (status === "failed") {
          const writes = await platform.app.services.kyc.chainWrites(applicationId);
          const entries = await Promise.all(writes.map((w) => platform.app.services.outbox.getOutboxEntry(w.outboxEntryId)));
          throw new Error(`on-chain write failed: ${JSON.stringify(entries.map((e) => e?.failure))}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("on-chain writes not confirmed in time");
    },
    async count(table: string, where = "true", params: unknown[] = []) {
      const { rows } = await platform.db.query<{ n: string }>(`select count(*)::text as n from ${table} where ${where}`, params);
      return Number(rows[0]!.n);
    },
    async close() {
      await platform.app.kycJob.stop();
      await platform.app.outboxWorker.close();
      await platform.close();
    },
  };
  return kyc;
}

export type KycPlatform = Awaited<ReturnType<typeof startKycPlatform>>;
export type { TestPlatform };

export const APPLICATION_FIELDS = `id status wallet wallets investorId country kycValidUntil chainStatus onChainStatus expiringSoon rejectionReason
  flags { accredited qualified usPerson institution } documents { id kind contentType sizeBytes }`;

export const SAVE = `mutation($input: KycApplicationInput!) { saveKycApplication(input: $input) { ${APPLICATION_FIELDS} } }`;
export const UPLOAD = `mutation($kind: KycDocumentKind!, $file: File, $base64: String) { uploadKycDocument(kind: $kind, file: $file, base64: $base64) { id kind contentType sizeBytes } }`;
export const SUBMIT = `mutation { submitKycApplication { id status } }`;
export const MINE = `{ myApplication { ${APPLICATION_FIELDS} personalData { legalName dateOfBirth countryOfResidence } } }`;
export const APPROVE = `mutation($id: ID!, $d: KycDecisionInput!) { approveKycApplication(id: $id, decision: $d) { id status investorId onChainStatus } }`;
export const REQUEST_LINK = `mutation($w: Address!) { requestWalletLink(wallet: $w) { nonce expiresAt typedData } }`;
export const LINK = `mutation($w: Address!, $n: String!, $s: String!) { linkWallet(wallet: $w, nonce: $n, signature: $s) { id wallets } }`;

/** A minimal well-formed PDF (header, one object, cross-reference table, trailer) whose body carries `marker`. */
export function pdf(marker = "folio test document"): Uint8Array {
  const body = `%PDF-1.4\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\n`;
  const xref = body.length;
  const object = String(body.indexOf("1 0 obj")).padStart(10, "0");
  return new TextEncoder().encode(`${body}xref\n0 2\n0000000000 65535 f \n${object} 00000 n \ntrailer << /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}

/** A minimal well-formed PNG: signature, IHDR (1 x 1), IDAT and IEND chunks (checksums not computed). */
export function png(): Uint8Array {
  const chunk = (type: string, data: number[]) => [0, 0, 0, data.length, ...new TextEncoder().encode(type), ...data, 0, 0, 0, 0];
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]), ...chunk("IDAT", [0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1]), ...chunk("IEND", []),
  ]);
}

/** A minimal well-formed JPEG: SOI, an APP0 segment, a start of scan, scan data and EOI. */
export const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0x4a, 0x46, 0xff, 0xda, 0, 2, 0x12, 0x34, 0xff, 0xd9]);

export function completeApplication(overrides: Record<string, unknown> = {}) {
  return {
    legalName: "Test Applicant", dateOfBirth: "1980-01-15",
    address: { line1: "1 Main Street", city: "Berlin", postalCode: "10115" },
    countryOfResidence: "DE", nationality: "DE", taxResidence: "DE", category: "RETAIL", usPerson: false,
    ...overrides,
  };
}

/** Signs in as `index`, fills in a complete application with an identity document, and submits it. */
export async function submitApplication(kyc: KycPlatform, index: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const saved = await kyc.gql(index, SAVE, { input: completeApplication(overrides) });
  if (saved.errors) throw new Error(JSON.stringify(saved.errors));
  const uploaded = await kyc.gql(index, UPLOAD, { kind: "IDENTITY", base64: Buffer.from(pdf()).toString("base64") });
  if (uploaded.errors) throw new Error(JSON.stringify(uploaded.errors));
  const submitted = await kyc.gql(index, SUBMIT);
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  return submitted.data.submitKycApplication.id;
}

/** Signs the wallet-link challenge with dev account `walletIndex` and returns the signature. */
export async function signChallenge(walletIndex: number, typedDataJson: string): Promise<Hex> {
  const typed = JSON.parse(typedDataJson);
  const { EIP712Domain: _, ...types } = typed.types;
  return devAccount(walletIndex).signTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message });
}
