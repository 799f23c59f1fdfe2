import type { Address } from "viem";
import { hasRole, requireRole, requireSignedIn, requireTokenPermission } from "../auth/authorize.ts";
import { FolioError } from "../errors.ts";
import { APPLICATION_STATUSES, type ApplicationStatus, type KycApplication, type KycDocumentInfo } from "../kyc/application-view.ts";
import { bitsToFlags } from "../kyc/chain-writes.ts";
import type { DocumentKind } from "../kyc/documents.ts";
import type { KycRenewal } from "../kyc/renewals.ts";
import type { PersonalData, PersonalDataInput } from "../kyc/personal-data.ts";
import { readSeqPageArgs, toConnection, type PageArgs } from "./connection.ts";
import { countryCodeOf } from "./scalars.ts";
import type { GraphQLContext } from "./context.ts";

export const kycTypeDefs = /* GraphQL */ `
  "A file sent with a GraphQL multipart request (graphql-multipart-request-spec)."
  scalar File

  enum KycApplicationStatus {
    DRAFT
    SUBMITTED
    APPROVED
    "Can be corrected (saveKycApplication) and submitted again."
    REJECTED
    SUSPENDED
    "Personal data and documents were erased; the decisions are kept."
    ERASED
  }

  enum InvestorCategory {
    RETAIL
    ACCREDITED
    QUALIFIED
    INSTITUTION
  }

  enum KycDocumentKind {
    IDENTITY
    PROOF_OF_ADDRESS
    "Evidence of the investor category (accreditation, qualification, incorporation)."
    ACCREDITATION
  }

  "Where the on-chain writes caused by KYC decisions stand."
  enum KycOnChainStatus {
    NONE
    PENDING
    CONFIRMED
    FAILED
  }

  "The status the IdentityRegistry holds (or is being sent) for an approved investor."
  enum KycChainStatus {
    ACTIVE
    LIQUIDATE_ONLY
    SUSPENDED
  }

  enum KycRenewalStatus {
    DRAFT
    SUBMITTED
    APPROVED
    "Can be corrected (saveKycRenewal) and submitted again; the current on-chain record runs out as it is."
    REJECTED
    "The record was erased while the renewal was open."
    WITHDRAWN
  }

  "A renewal of an approved application: same investorId, same wallets, updated data and documents."
  type KycRenewal {
    id: ID!
    status: KycRenewalStatus!
    "The renewed personal data (the approved data with the investor's changes); audit-logged for officers."
    personalData: KycPersonalData
    "Documents sent with this renewal."
    documents: [KycDocument!]!
    rejectionReason: String
    "After approval: the country (ISO 3166-1 numeric), categories and KYC expiry registered on chain."
    country: Int
    "The same country as its ISO 3166-1 alpha-2 code."
    countryCode: String
    flags: InvestorFlags
    kycValidUntil: BigInt
    submittedAt: String
    decidedAt: String
    createdAt: String!
  }

  enum KycApplicationSource {
    APPLICATION
    "Imported from a CSV file of investors verified elsewhere."
    IMPORT
  }

  input ResidentialAddressInput {
    line1: String!
    line2: String
    city: String!
    postalCode: String!
    region: String
  }

  "Fields to save; those left out keep their saved value. Countries are saved and answered as alpha-2 codes."
  input KycApplicationInput {
    legalName: String
    "YYYY-MM-DD; applicants must be adults."
    dateOfBirth: String
    address: ResidentialAddressInput
    countryOfResidence: Country
    nationality: Country
    taxResidence: Country
    category: InvestorCategory
    usPerson: Boolean
  }

  input KycDecisionInput {
    "Registered on chain as its ISO 3166-1 numeric code."
    country: Country!
    "Categories left out are false."
    accredited: Boolean = false
    qualified: Boolean = false
    usPerson: Boolean = false
    institution: Boolean = false
    "KYC stays valid this many days from approval, by chain time (1 to 3650)."
    validityDays: Int!
  }

  type ResidentialAddress {
    line1: String!
    line2: String
    city: String!
    postalCode: String!
    region: String
  }

  "Personal data, decrypted for the applicant and for compliance officers (whose every read is audit-logged)."
  type KycPersonalData {
    legalName: String
    dateOfBirth: String
    address: ResidentialAddress
    countryOfResidence: String
    nationality: String
    taxResidence: String
    category: InvestorCategory
    usPerson: Boolean
  }

  type KycDocument {
    id: ID!
    kind: KycDocumentKind!
    "Detected from the file's contents: application/pdf, image/jpeg or image/png."
    contentType: String!
    sizeBytes: Int!
    uploadedAt: String!
  }

  type KycDocumentContent {
    id: ID!
    kind: KycDocumentKind!
    contentType: String!
    sizeBytes: Int!
    contentBase64: String!
  }

  type KycApplication {
    id: ID!
    status: KycApplicationStatus!
    source: KycApplicationSource!
    "The wallet that opened the application; it is registered with the investor."
    wallet: Address!
    "Every wallet of the applicant (linked on chain once approved)."
    wallets: [Address!]!
    "Null when nothing was saved or after erasure."
    personalData: KycPersonalData
    documents: [KycDocument!]!
    rejectionReason: String
    suspensionReason: String
    "The opaque on-chain investor id (after approval)."
    investorId: String
    "ISO 3166-1 numeric country code registered on chain."
    country: Int
    "The same country as its ISO 3166-1 alpha-2 code."
    countryCode: String
    flags: InvestorFlags
    "KYC is valid up to and including this Unix time (seconds)."
    kycValidUntil: BigInt
    chainStatus: KycChainStatus
    onChainStatus: KycOnChainStatus!
    "KYC runs out within the reminder window: the investor should renew."
    expiringSoon: Boolean!
    "The latest renewal (saveKycRenewal), whatever its status; null when none was started."
    renewal: KycRenewal
    submittedAt: String
    decidedAt: String
    erasedAt: String
    createdAt: String!
    updatedAt: String!
  }

  type KycApplicationEdge {
    node: KycApplication!
    cursor: String!
  }

  type KycApplicationConnection {
    edges: [KycApplicationEdge!]!
    pageInfo: PageInfo!
  }

  "Sign typedData (eth_signTypedData_v4) with the wallet to link, then call linkWallet."
  type WalletLinkChallenge {
    nonce: String!
    expiresAt: BigInt!
    typedData: String!
  }

  type KycTokenPolicy {
    token: Address!
    "Suspending an investor also freezes their wallets on this token."
    freezeOnSuspension: Boolean!
  }

  type CsvRowError {
    line: Int!
    message: String!
  }

  type InvestorImport {
    "False when any row was bad: then nothing was written; errors lists every bad row."
    accepted: Boolean!
    importId: ID
    imported: Int!
    batches: Int!
    errors: [CsvRowError!]!
  }

  extend type Query {
    "The signed-in investor's KYC application (found by any of their wallets), or null."
    myApplication: KycApplication
    "The compliance queue, oldest first (submitted applications by default). Compliance officers and platform admins."
    kycApplications(status: KycApplicationStatus = SUBMITTED, first: Int, after: String): KycApplicationConnection!
    "One application. Compliance officers and platform admins; reading its personal data is audit-logged."
    kycApplication(id: ID!): KycApplication
    "A document's contents, for the applicant and compliance officers (audit-logged)."
    kycDocument(id: ID!): KycDocumentContent
    "A token's KYC policy."
    kycTokenPolicy(token: Address!): KycTokenPolicy!
    "Applications with a submitted renewal, oldest renewal first. Compliance officers and platform admins."
    kycRenewals(first: Int, after: String): KycApplicationConnection!
  }

  extend type Mutation {
    "Creates or updates the signed-in investor's application (draft, or a rejected one being corrected)."
    saveKycApplication(input: KycApplicationInput!): KycApplication!
    "Adds an identity document: a multipart file upload, or base64 for small files. A whole PDF, JPEG or PNG file (KYC_DOCUMENT_TYPE, KYC_DOCUMENT_MALFORMED); at most 10 per application or renewal, totalling at most FOLIO_KYC_MAX_APPLICATION_BYTES (KYC_DOCUMENT_QUOTA_EXCEEDED). Once approved, documents go to the renewal in progress."
    uploadKycDocument(kind: KycDocumentKind!, file: File, base64: String): KycDocument!
    removeKycDocument(id: ID!): Boolean!
    "Sends the complete application to the compliance queue."
    submitKycApplication: KycApplication!
    "A single-use challenge for linking another wallet; sign it with that wallet."
    requestWalletLink(wallet: Address!): WalletLinkChallenge!
    linkWallet(wallet: Address!, nonce: String!, signature: String!): KycApplication!
    "Erases the signed-in investor's personal data and documents (the decisions are kept)."
    eraseMyKycData: KycApplication!
    "Compliance officers and platform admins; never on one's own application. A second approval answers KYC_ALREADY_APPROVED."
    approveKycApplication(id: ID!, decision: KycDecisionInput!): KycApplication!
    rejectKycApplication(id: ID!, reason: String!): KycApplication!
    "Suspends an approved investor on chain (e.g. a sanctions hit), freezing their wallets on tokens that ask for it."
    suspendInvestor(id: ID!, reason: String!): KycApplication!
    "Lifts a suspension: active on chain again (liquidate-only if KYC ran out meanwhile); unfreezes the wallets the suspension froze."
    reinstateInvestor(id: ID!, reason: String!): KycApplication!
    "Starts or updates the signed-in approved investor's KYC renewal (also after expiry); fields left out keep their approved value."
    saveKycRenewal(input: KycApplicationInput!): KycApplication!
    "Sends the renewal (complete data and at least one new document) to compliance."
    submitKycRenewal: KycApplication!
    "Approves a submitted renewal with a new validity period: updates the registry record, reactivating an expired one. Never one's own."
    approveKycRenewal(id: ID!, decision: KycDecisionInput!): KycApplication!
    "Rejects a submitted renewal; the on-chain record stays as it is and runs out."
    rejectKycRenewal(id: ID!, reason: String!): KycApplication!
    "Erases an application's personal data and documents on the investor's request."
    eraseKycApplication(id: ID!): KycApplication!
    "Registers investors verified elsewhere from CSV (wallet,country,kyc_valid_until,flags): all rows or none, in batches sized by gas."
    importInvestors(csv: String, file: File): InvestorImport!
    """
    Sets a token's KYC policy. The token's owner, and its agents holding the FREEZE permission. Only for a token Folio issued (KYC_TOKEN_UNKNOWN);
    freezing only once the server's key holds the token's FREEZE permission (KYC_TOKEN_FREEZE_NOT_PERMITTED); at most
    FOLIO_KYC_MAX_TOKEN_POLICIES tokens (KYC_TOKEN_POLICIES_FULL).
    """
    setTokenKycPolicy(token: Address!, freezeOnSuspension: Boolean!): KycTokenPolicy!
  }
`;

const OFFICERS = ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"] as const;
const SEQ_PATTERN = /^[1-9][0-9]{0,15}$/;
const MAX_CSV_FILE_BYTES = 1024 * 1024;

type FileLike = { size: number; arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string> };
const isFile = (value: unknown): value is FileLike => typeof (value as FileLike | null)?.arrayBuffer === "function";

/** The applicant (signed in with any of the application's wallets) or an officer may read an application's data. */
async function readerOf(ctx: GraphQLContext, application: KycApplication): Promise<{ actor: Address; applicant: boolean }> {
  const viewer = requireSignedIn(ctx);
  const wallets = await ctx.services.kyc.wallets(application.id);
  if (wallets.includes(viewer.address)) return { actor: viewer.address, applicant: true };
  if (await hasRole(ctx, ...OFFICERS)) return { actor: viewer.address, applicant: false };
  throw new FolioError("FORBIDDEN", "Only the applicant and compliance officers may read this application");
}

/** The renewal's application must be readable by the viewer (see readerOf). */
async function renewalReaderOf(ctx: GraphQLContext, renewal: KycRenewal) {
  return readerOf(ctx, (await ctx.services.kyc.applicationById(renewal.applicationId))!);
}

const toDocumentNode = (d: KycDocumentInfo) => ({ ...d, kind: d.kind.toUpperCase(), uploadedAt: d.createdAt.toISOString() });
const iso = (d: Date | null) => d?.toISOString() ?? null;
const upper = (s: string | null) => s?.toUpperCase() ?? null;

export const kycResolvers = {
  KycApplication: {
    status: (a: KycApplication) => a.status.toUpperCase(),
    source: (a: KycApplication) => a.source.toUpperCase(),
    wallets: (a: KycApplication, _: unknown, ctx: GraphQLContext) => ctx.services.kyc.wallets(a.id),
    personalData: async (a: KycApplication, _: unknown, ctx: GraphQLContext): Promise<unknown> => {
      const { actor, applicant } = await readerOf(ctx, a);
      const data = await ctx.services.kyc.openPersonalData(actor, a, applicant);
      return data && toPersonalDataNode(data);
    },
    documents: async (a: KycApplication, _: unknown, ctx: GraphQLContext) => {
      await readerOf(ctx, a);
      return (await ctx.services.kyc.documents(a.id)).map(toDocumentNode);
    },
    rejectionReason: async (a: KycApplication, _: unknown, ctx: GraphQLContext) => {
      if (!a.hasRejectionReason) return null;
      await readerOf(ctx, a);
      return ctx.services.kyc.reason(a.id, "rejection_reason");
    },
    suspensionReason: async (a: KycApplication, _: unknown, ctx: GraphQLContext) => {
      if (!a.hasSuspensionReason) return null;
      await readerOf(ctx, a);
      return ctx.services.kyc.reason(a.id, "suspension_reason");
    },
    flags: (a: KycApplication, _: unknown, ctx: GraphQLContext) => ctx.services.kyc.flagsOf(a),
    countryCode: (a: KycApplication) => countryCodeOf(a.country),
    chainStatus: (a: KycApplication) => upper(a.chainStatus),
    onChainStatus: async (a: KycApplication, _: unknown, ctx: GraphQLContext) => (await ctx.services.kyc.onChainStatus(a.id)).toUpperCase(),
    submittedAt: (a: KycApplication) => iso(a.submittedAt),
    decidedAt: (a: KycApplication) => iso(a.decidedAt),
    erasedAt: (a: KycApplication) => iso(a.erasedAt),
    createdAt: (a: KycApplication) => a.createdAt.toISOString(),
    updatedAt: (a: KycApplication) => a.updatedAt.toISOString(),
    renewal: async (a: KycApplication, _: unknown, ctx: GraphQLContext) => {
      const renewal = await ctx.services.kyc.latestRenewal(a.id);
      if (renewal) await readerOf(ctx, a);
      return renewal;
    },
  },

  KycRenewal: {
    status: (r: KycRenewal) => r.status.toUpperCase(),
    personalData: async (r: KycRenewal, _: unknown, ctx: GraphQLContext): Promise<unknown> => {
      const { actor, applicant } = await renewalReaderOf(ctx, r);
      const data = await ctx.services.kyc.openRenewalData(actor, r, applicant);
      return data && toPersonalDataNode(data);
    },
    documents: async (r: KycRenewal, _: unknown, ctx: GraphQLContext) => {
      await renewalReaderOf(ctx, r);
      return (await ctx.services.kyc.renewalDocuments(r.id)).map(toDocumentNode);
    },
    rejectionReason: async (r: KycRenewal, _: unknown, ctx: GraphQLContext) => {
      if (!r.hasRejectionReason) return null;
      await renewalReaderOf(ctx, r);
      return ctx.services.kyc.renewalRejectionReason(r);
    },
    flags: (r: KycRenewal) => (r.flags === null ? null : bitsToFlags(r.flags)),
    countryCode: (r: KycRenewal) => countryCodeOf(r.country),
    submittedAt: (r: KycRenewal) => iso(r.submittedAt),
    decidedAt: (r: KycRenewal) => iso(r.decidedAt),
    createdAt: (r: KycRenewal) => r.createdAt.toISOString(),
  },

  Query: {
    myApplication: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.kyc.myApplication(requireSignedIn(ctx).address),

    kycApplications: async (_: unknown, args: PageArgs & { status?: string | null }, ctx: GraphQLContext) => {
      await requireRole(ctx, ...OFFICERS);
      const { limit, afterSeq } = readSeqPageArgs(args, SEQ_PATTERN, "KYC queue");
      const status = (args.status ?? "SUBMITTED").toLowerCase() as ApplicationStatus;
      if (!APPLICATION_STATUSES.includes(status)) throw new FolioError("BAD_USER_INPUT", "Unknown status");
      const rows = await ctx.services.kyc.queue({ status, limit, afterSeq });
      return toConnection(rows, limit, (row) => String(row.seq));
    },

    kycApplication: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      await requireRole(ctx, ...OFFICERS);
      return ctx.services.kyc.applicationById(args.id);
    },

    kycDocument: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const viewer = requireSignedIn(ctx);
      const document = await ctx.services.kyc.openDocument(viewer.address, args.id, async (application) => {
        try {
          await readerOf(ctx, application);
          return true;
        } catch {
          return false;
        }
      });
      return { ...document, kind: document.kind.toUpperCase(), contentBase64: document.content.toString("base64") };
    },

    kycRenewals: async (_: unknown, args: PageArgs, ctx: GraphQLContext) => {
      await requireRole(ctx, ...OFFICERS);
      const { limit, afterSeq } = readSeqPageArgs(args, SEQ_PATTERN, "KYC renewal queue");
      const rows = await ctx.services.kyc.renewalQueue({ limit, afterSeq });
      return toConnection(rows, limit, (row) => String(row.renewalSeq), (row) => row.application);
    },

    kycTokenPolicy: (_: unknown, args: { token: Address }, ctx: GraphQLContext) => {
      requireSignedIn(ctx);
      return ctx.services.kyc.tokenPolicy(args.token);
    },
  },

  Mutation: {
    saveKycApplication: (_: unknown, args: { input: PersonalDataInput }, ctx: GraphQLContext) =>
      ctx.services.kyc.saveApplication(requireSignedIn(ctx).address, args.input),

    uploadKycDocument: async (_: unknown, args: { kind: string; file?: unknown; base64?: string | null }, ctx: GraphQLContext) => {
      const viewer = requireSignedIn(ctx);
      if (args.file != null && !isFile(args.file)) throw new FolioError("KYC_DOCUMENT_MISSING", "file must be sent as a multipart file upload");
      const info = await ctx.services.kyc.uploadDocument(viewer.address, args.kind.toLowerCase() as DocumentKind, (args.file as FileLike | null) ?? null, args.base64 ?? null);
      return toDocumentNode(info);
    },

    removeKycDocument: (_: unknown, args: { id: string }, ctx: GraphQLContext) => ctx.services.kyc.removeDocument(requireSignedIn(ctx).address, args.id),

    submitKycApplication: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.kyc.submitApplication(requireSignedIn(ctx).address),

    requestWalletLink: (_: unknown, args: { wallet: Address }, ctx: GraphQLContext) => ctx.services.kyc.requestWalletLink(requireSignedIn(ctx).address, args.wallet),

    linkWallet: (_: unknown, args: { wallet: Address; nonce: string; signature: string }, ctx: GraphQLContext) =>
      ctx.services.kyc.linkWallet(requireSignedIn(ctx).address, args.wallet, args.nonce, args.signature),

    eraseMyKycData: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.kyc.eraseMine(requireSignedIn(ctx).address),

    approveKycApplication: async (_: unknown, args: { id: string; decision: DecisionInput }, ctx: GraphQLContext) =>
      ctx.services.kyc.approve((await requireRole(ctx, ...OFFICERS)).address, args.id, readDecisionInput(args.decision)),

    rejectKycApplication: async (_: unknown, args: { id: string; reason: string }, ctx: GraphQLContext) =>
      ctx.services.kyc.reject((await requireRole(ctx, ...OFFICERS)).address, args.id, args.reason),

    suspendInvestor: async (_: unknown, args: { id: string; reason: string }, ctx: GraphQLContext) =>
      ctx.services.kyc.suspend((await requireRole(ctx, ...OFFICERS)).address, args.id, args.reason),

    reinstateInvestor: async (_: unknown, args: { id: string; reason: string }, ctx: GraphQLContext) =>
      ctx.services.kyc.reinstate((await requireRole(ctx, ...OFFICERS)).address, args.id, args.reason),

    saveKycRenewal: (_: unknown, args: { input: PersonalDataInput }, ctx: GraphQLContext) =>
      ctx.services.kyc.saveRenewal(requireSignedIn(ctx).address, args.input),

    submitKycRenewal: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.kyc.submitRenewal(requireSignedIn(ctx).address),

    approveKycRenewal: async (_: unknown, args: { id: string; decision: DecisionInput }, ctx: GraphQLContext) =>
      ctx.services.kyc.approveRenewal((await requireRole(ctx, ...OFFICERS)).address, args.id, readDecisionInput(args.decision)),

    rejectKycRenewal: async (_: unknown, args: { id: string; reason: string }, ctx: GraphQLContext) =>
      ctx.services.kyc.rejectRenewal((await requireRole(ctx, ...OFFICERS)).address, args.id, args.reason),

    eraseKycApplication: async (_: unknown, args: { id: string }, ctx: GraphQLContext) =>
      ctx.services.kyc.erase((await requireRole(ctx, ...OFFICERS)).address, args.id),

    importInvestors: async (_: unknown, args: { csv?: string | null; file?: unknown }, ctx: GraphQLContext) => {
      const viewer = await requireRole(ctx, ...OFFICERS);
      if ((args.csv == null) === (args.file == null)) throw new FolioError("KYC_CSV_MISSING", "Send the CSV as exactly one of csv (text) or file (multipart upload)");
      let text = args.csv ?? "";
      if (args.file != null) {
        if (!isFile(args.file)) throw new FolioError("KYC_CSV_MISSING", "file must be sent as a multipart file upload");
        if (args.file.size > MAX_CSV_FILE_BYTES) throw new FolioError("KYC_CSV_TOO_LARGE", `The CSV file must be at most ${MAX_CSV_FILE_BYTES} bytes`);
        text = await args.file.text();
      }
      return ctx.services.kyc.importCsv(viewer.address, text);
    },

    setTokenKycPolicy: async (_: unknown, args: { token: Address; freezeOnSuspension: boolean }, ctx: GraphQLContext) => {
      // The server then freezes wallets with its own FREEZE permission: only those who hold it may switch that on.
      const viewer = await requireTokenPermission(ctx, args.token, "FREEZE");
      return ctx.services.kyc.setTokenPolicy(viewer.address, args.token, args.freezeOnSuspension);
    },
  },
};

type DecisionInput = { country: string; validityDays: number; accredited?: boolean | null; qualified?: boolean | null; usPerson?: boolean | null; institution?: boolean | null };

/** Categories default to false here too: graphql-jit, which runs hot documents, does not apply input-field defaults. */
function readDecisionInput(d: DecisionInput) {
  const categories = { accredited: d.accredited ?? false, qualified: d.qualified ?? false, usPerson: d.usPerson ?? false, institution: d.institution ?? false };
  return { country: d.country, validityDays: d.validityDays, categories };
}

function toPersonalDataNode(data: PersonalData) {
  return { ...data, category: data.category?.toUpperCase() ?? null };
}
