import { AgentPermission } from "../../../lib/agent-permissions.ts";
import type { Role } from "../../../server/src/auth/roles.ts";

/**
 * Who may call or read one field of the API. A caller passes when any clause holds; `anyone` needs no session, every
 * other clause does. Token clauses are about the token the call names (or the record's token), never another one.
 */
export interface Rule {
  anyone?: true;
  signedIn?: true;
  /** The investor the record belongs to (signed in with any of their wallets). */
  self?: true;
  /** Wallets the IdentityRegistry verifies right now (ERC-3643 isVerified); others get INVESTOR_NOT_VERIFIED. */
  verifiedInvestor?: true;
  /** Roles held platform-wide: off-chain ones, the registry's owner and KYC agents, artwork issuers. */
  roles?: Role[];
  /** The token's owner, and its agents; with `permission`, only agents holding that agent permission bit. */
  token?: { agents: true; permission?: keyof typeof AgentPermission };
  /** A refusal that must not reveal the record exists answers with this code instead of FORBIDDEN. */
  hiddenAs?: string;
  /** Readable by whoever may read the object it belongs to: no check of its own. */
  parent?: true;
}

const OFFICERS: Role[] = ["COMPLIANCE_OFFICER", "PLATFORM_ADMIN"];
const ANYONE: Rule = { anyone: true };
const SIGNED_IN: Rule = { signedIn: true };
const PARENT: Rule = { parent: true };
const ISSUER: Rule = { token: { agents: true } };

/**
 * Object types whose fields the policy lists one by one: they hold personal data or issuer-only data and are reached
 * through more than one path, so a field guard, not the path, must keep them closed.
 */
export const SENSITIVE_TYPES = ["KycApplication", "Distribution"] as const;

/**
 * The one authorization policy of the API: every Query, Mutation and Subscription field and every field of
 * SENSITIVE_TYPES. The matrix test derives each expected answer from this table alone and fails on any field of the
 * schema it misses or any entry the schema no longer has.
 */
export const POLICY: Record<string, Rule> = {
  // Public reads: token facts from the chain, the market, artwork certificates, the index's progress.
  "Query._version": ANYONE,
  "Query.tokens": ANYONE,
  "Query.token": ANYONE,
  // Per-investor balances grouped by investor id: every part of it is readable on chain (Transfer events and the
  // registry's investorOf), unlike capTable, which adds countries and is the issuer's report.
  "Query.holders": ANYONE,
  "Query.transfers": ANYONE,
  "Query.transferRestriction": ANYONE,
  "Query.me": ANYONE,
  "Query.indexerStatus": ANYONE,
  "Query.distribution": ANYONE,
  "Query.distributions": ANYONE,
  "Query.orderBook": ANYONE,
  "Query.trades": ANYONE,
  "Query.lastPrice": ANYONE,
  "Query.marketSettings": ANYONE,
  "Query.candles": ANYONE,
  "Query.marketStats": ANYONE,
  "Query.markets": ANYONE,
  "Query.artwork": ANYONE,
  "Query.artworks": ANYONE,
  "Query.certificate": ANYONE,

  // The caller's own records.
  "Query.myApplication": SIGNED_IN,
  "Query.myOrders": SIGNED_IN,
  "Query.myClaims": { verifiedInvestor: true },
  "Query.kycTokenPolicy": SIGNED_IN,
  // The service answers FORBIDDEN to anyone but the artwork's issuer; an unknown id is not found for everyone.
  "Query.artworkMintCall": SIGNED_IN,
  "Query.investor": { self: true, roles: ["PLATFORM_ADMIN", "COMPLIANCE_OFFICER", "KYC_AGENT"] },
  "Query.kycDocument": { self: true, roles: OFFICERS, hiddenAs: "KYC_DOCUMENT_NOT_FOUND" },

  // Compliance.
  "Query.kycApplications": { roles: OFFICERS },
  "Query.kycApplication": { roles: OFFICERS },
  "Query.kycApplicationByWallet": { roles: OFFICERS },
  "Query.kycRenewals": { roles: OFFICERS },

  // Audit and operations.
  "Query.auditLog": { roles: ["AUDITOR", "PLATFORM_ADMIN"] },
  "Query.auditLogVerification": { roles: ["AUDITOR", "PLATFORM_ADMIN"] },
  "Query.outboxEntry": { roles: ["PLATFORM_ADMIN"] },
  "Query.outboxEntries": { roles: ["PLATFORM_ADMIN"] },
  "Query.platformRoleHolders": { roles: ["PLATFORM_ADMIN"] },

  // The issuer of the token named.
  "Query.agentActions": ISSUER,
  "Query.capTable": { token: { agents: true }, roles: ["COMPLIANCE_OFFICER", "AUDITOR"] },

  // Sessions.
  "Mutation._noop": ANYONE,
  "Mutation.siweNonce": ANYONE,
  "Mutation.signIn": ANYONE,
  "Mutation.signOut": ANYONE,

  "Mutation.grantRole": { roles: ["PLATFORM_ADMIN"] },
  "Mutation.revokeRole": { roles: ["PLATFORM_ADMIN"] },

  // KYC self-service: each acts on the caller's own application only.
  "Mutation.saveKycApplication": SIGNED_IN,
  "Mutation.uploadKycDocument": SIGNED_IN,
  "Mutation.removeKycDocument": SIGNED_IN,
  "Mutation.submitKycApplication": SIGNED_IN,
  "Mutation.requestWalletLink": SIGNED_IN,
  "Mutation.linkWallet": SIGNED_IN,
  "Mutation.eraseMyKycData": SIGNED_IN,
  "Mutation.saveKycRenewal": SIGNED_IN,
  "Mutation.submitKycRenewal": SIGNED_IN,

  // KYC decisions.
  "Mutation.approveKycApplication": { roles: OFFICERS },
  "Mutation.rejectKycApplication": { roles: OFFICERS },
  "Mutation.suspendInvestor": { roles: OFFICERS },
  "Mutation.reinstateInvestor": { roles: OFFICERS },
  "Mutation.approveKycRenewal": { roles: OFFICERS },
  "Mutation.rejectKycRenewal": { roles: OFFICERS },
  "Mutation.eraseKycApplication": { roles: OFFICERS },
  "Mutation.importInvestors": { roles: OFFICERS },

  // Issuer actions. Those the server carries out with its own key need the matching power of the caller.
  "Mutation.setTokenKycPolicy": { token: { agents: true, permission: "FREEZE" } },
  "Mutation.declareDistribution": { token: { agents: true, permission: "DISTRIBUTION" } },
  "Mutation.pushDistribution": { token: { agents: true, permission: "DISTRIBUTION" } },
  // Tick, lot and opening are the token's trading rules, which its agents change with RULES on chain too.
  "Mutation.setMarketSettings": { token: { agents: true, permission: "RULES" } },
  // The transaction itself proves the agent's power: the server only records it with a reason.
  "Mutation.recordAgentAction": ISSUER,

  // Market.
  "Mutation.placeOrder": { verifiedInvestor: true },
  "Mutation.placeOrders": { verifiedInvestor: true },
  // The service cancels the caller's own orders only.
  "Mutation.cancelOrder": SIGNED_IN,

  // Artworks: registering needs an issuer the collection authorises; a mint is recorded from its chain receipt.
  "Mutation.registerArtwork": { roles: ["ARTWORK_ISSUER"] },
  "Mutation.recordArtworkMint": SIGNED_IN,

  "Subscription.orderBookUpdated": SIGNED_IN,
  "Subscription.tradeExecuted": SIGNED_IN,

  // An application: the applicant and officers; its personal data, documents and reasons each check again.
  "KycApplication.id": PARENT,
  "KycApplication.status": PARENT,
  "KycApplication.source": PARENT,
  "KycApplication.wallet": PARENT,
  "KycApplication.wallets": PARENT,
  "KycApplication.personalData": { self: true, roles: OFFICERS },
  "KycApplication.documents": { self: true, roles: OFFICERS },
  "KycApplication.rejectionReason": { self: true, roles: OFFICERS },
  "KycApplication.suspensionReason": { self: true, roles: OFFICERS },
  "KycApplication.renewal": { self: true, roles: OFFICERS },
  "KycApplication.investorId": PARENT,
  "KycApplication.country": PARENT,
  "KycApplication.countryCode": PARENT,
  "KycApplication.flags": PARENT,
  "KycApplication.kycValidUntil": PARENT,
  "KycApplication.chainStatus": PARENT,
  "KycApplication.onChainStatus": PARENT,
  "KycApplication.expiringSoon": PARENT,
  "KycApplication.submittedAt": PARENT,
  "KycApplication.decidedAt": PARENT,
  "KycApplication.erasedAt": PARENT,
  "KycApplication.createdAt": PARENT,
  "KycApplication.updatedAt": PARENT,

  // A round: its terms are public (they are on chain); the transactions to sign and the per-investor results are
  // the issuer's, the results also the auditors'.
  "Distribution.id": PARENT,
  "Distribution.token": PARENT,
  "Distribution.cashToken": PARENT,
  "Distribution.distributor": PARENT,
  "Distribution.status": PARENT,
  "Distribution.roundId": PARENT,
  "Distribution.recordBlock": PARENT,
  "Distribution.recordTime": PARENT,
  "Distribution.amount": PARENT,
  "Distribution.fundingTotal": PARENT,
  "Distribution.grossTotal": PARENT,
  "Distribution.withheldTotal": PARENT,
  "Distribution.netTotal": PARENT,
  "Distribution.dust": PARENT,
  "Distribution.eligibleSupply": PARENT,
  "Distribution.excludedBalance": PARENT,
  "Distribution.deadline": PARENT,
  "Distribution.claimOpen": PARENT,
  "Distribution.investorCount": PARENT,
  "Distribution.claimableCount": PARENT,
  "Distribution.claimedCount": PARENT,
  "Distribution.claimedTotal": PARENT,
  "Distribution.remaining": PARENT,
  "Distribution.reclaimed": PARENT,
  "Distribution.merkleRoot": PARENT,
  "Distribution.paramsHash": PARENT,
  "Distribution.paramsUri": PARENT,
  "Distribution.paramsJson": PARENT,
  "Distribution.fundedTxHash": PARENT,
  "Distribution.fundedBlock": PARENT,
  "Distribution.funder": PARENT,
  "Distribution.declaredBy": PARENT,
  "Distribution.createdAt": PARENT,
  "Distribution.fundingTransactions": ISSUER,
  "Distribution.reclaimTransaction": ISSUER,
  "Distribution.entitlements": { token: { agents: true }, roles: ["AUDITOR"] },
  "Distribution.skippedClaims": { token: { agents: true }, roles: ["AUDITOR"] },
  "Distribution.reportCsv": { token: { agents: true }, roles: ["AUDITOR"] },
};
