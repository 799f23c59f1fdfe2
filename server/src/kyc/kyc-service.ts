import type { Address } from "viem";
import type { Chain } from "../chain/chain.ts";
import type { KycConfig } from "../config/kyc-config.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { KycApplication } from "./application-view.ts";
import { createApplicationReads } from "./application-reads.ts";
import { createApplications } from "./applications.ts";
import { createApprovals } from "./approvals.ts";
import { bitsToFlags, createKycChainWrites } from "./chain-writes.ts";
import { importInvestorCsv } from "./csv-import.ts";
import { createDocumentUploads } from "./document-uploads.ts";
import { createErasure } from "./erasure.ts";
import { checkKycExpiry } from "./expiry.ts";
import { createKycRecords } from "./kyc-records.ts";
import { createRenewals } from "./renewals.ts";
import { createSuspensions } from "./suspensions.ts";
import { createTokenPolicies } from "./token-policies.ts";
import { createWalletLinks } from "./wallet-links.ts";

export interface KycServiceOptions {
  db: Database;
  chain: Chain;
  outbox: Outbox;
  envelope: Envelope;
  config: KycConfig["kyc"];
  logger: Logger;
}

export type { ApprovalInput } from "./kyc-rules.ts";
export type { OnChainStatus } from "./application-reads.ts";

/**
 * KYC onboarding: applications (personal data and documents encrypted per record), compliance decisions, and the
 * registry writes they cause (through the outbox). Methods take the acting address; authorization by role happens
 * in the resolvers (auth/authorize.ts), ownership checks here. Each concern lives in its own module; this wires them.
 */
export function createKycService(options: KycServiceOptions) {
  const { db, chain, outbox, envelope, config, logger } = options;
  const log = logger.child({ component: "kyc" });
  const writes = createKycChainWrites({ chain, outbox });
  const records = createKycRecords({ db, envelope });
  const decisionDeps = { db, envelope, writes, log, ...records };
  const tokenPolicies = createTokenPolicies({ db, writes, log, maxTokenPolicies: config.maxTokenPolicies });
  const renewals = createRenewals(decisionDeps);
  const suspensions = createSuspensions({ ...decisionDeps, freezingTokens: tokenPolicies.freezingTokens });
  const walletLinks = createWalletLinks({ db, chain, writes, log, applicationOfWallet: records.applicationOfWallet });
  const applications = createApplications({ db, envelope, log, records });
  const documents = createDocumentUploads({ db, envelope, config, log, records, renewals });
  const reads = createApplicationReads({ db, envelope, records });
  const approvals = createApprovals({ db, envelope, writes, log, records });
  const erasure = createErasure({ db, writes, log, records });

  return {
    writes,
    isVerified: (wallet: Address) => writes.isVerified(wallet),
    myApplication: (wallet: Address) => records.applicationOfWallet(db, wallet),

    // applicant
    ...applications,
    ...documents,
    requestWalletLink: walletLinks.requestWalletLink,
    linkWallet: walletLinks.linkWallet,

    // reading
    ...reads,

    // compliance decisions
    ...approvals,
    /** Suspends an approved investor (e.g. a sanctions hit) on chain, freezing their wallets on tokens that ask for it. */
    suspend: suspensions.suspend,
    /** Lifts a suspension: active again (liquidate-only if KYC ran out), unfreezing what the suspension froze. */
    reinstate: suspensions.reinstate,
    ...erasure,

    // renewals
    saveRenewal: renewals.save,
    submitRenewal: renewals.submit,
    approveRenewal: renewals.approve,
    rejectRenewal: renewals.reject,
    latestRenewal: renewals.latest,
    openRenewalData: renewals.openRenewalData,
    renewalRejectionReason: renewals.rejectionReason,
    renewalQueue: renewals.queue,

    // tokens, imports, expiry
    tokenPolicy: tokenPolicies.tokenPolicy,
    setTokenPolicy: tokenPolicies.setTokenPolicy,
    importCsv: (actor: Address, text: string) => importInvestorCsv({ db, writes, log, batchSize: config.importBatchSize }, actor, text),
    checkExpiry: () => checkKycExpiry({ db, writes, log, expiryWarningDays: config.expiryWarningDays }),

    flagsOf: (application: KycApplication) => (application.flags === null ? null : bitsToFlags(application.flags)),
  };
}

export type KycService = ReturnType<typeof createKycService>;
