import { graphql } from "../api/graphql.ts";

export const KYC_QUEUE = graphql(`
  query KycQueue($status: KycApplicationStatus, $after: String) {
    kycApplications(status: $status, first: 25, after: $after) {
      edges { node { id status source wallet wallets submittedAt decidedAt onChainStatus chainStatus kycValidUntil expiringSoon } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const KYC_BY_WALLET = graphql(`
  query KycApplicationByWallet($wallet: Address!) { kycApplicationByWallet(wallet: $wallet) { id status source wallet wallets submittedAt decidedAt onChainStatus chainStatus kycValidUntil expiringSoon } }
`);

export const KYC_APPLICATION = graphql(`
  query KycApplicationReview($id: ID!) {
    kycApplication(id: $id) {
      id status source onChainStatus chainStatus wallet wallets submittedAt decidedAt rejectionReason suspensionReason countryCode kycValidUntil expiringSoon
      flags { accredited qualified usPerson institution }
      personalData {
        legalName dateOfBirth countryOfResidence nationality taxResidence category usPerson
        address { line1 line2 city postalCode region }
      }
      documents { id kind contentType sizeBytes uploadedAt }
      renewal {
        id status submittedAt rejectionReason
        personalData {
          legalName dateOfBirth countryOfResidence nationality taxResidence category usPerson
          address { line1 line2 city postalCode region }
        }
        documents { id kind contentType sizeBytes uploadedAt }
      }
    }
  }
`);

/** The application's state without its personal data: polled while a decision is being written (no audit entry per poll). */
export const KYC_APPLICATION_STATE = graphql(`
  query KycApplicationState($id: ID!) {
    kycApplication(id: $id) {
      id status onChainStatus chainStatus rejectionReason suspensionReason countryCode kycValidUntil expiringSoon
      flags { accredited qualified usPerson institution }
      renewal { id status }
    }
  }
`);

export const KYC_DOCUMENT = graphql(`query KycDocument($id: ID!) { kycDocument(id: $id) { id contentType contentBase64 } }`);

export const APPROVE = graphql(`
  mutation ApproveKycApplication($id: ID!, $decision: KycDecisionInput!) {
    approveKycApplication(id: $id, decision: $decision) { id status onChainStatus }
  }
`);

export const REJECT = graphql(`
  mutation RejectKycApplication($id: ID!, $reason: String!) { rejectKycApplication(id: $id, reason: $reason) { id status } }
`);

export const APPROVE_RENEWAL = graphql(`
  mutation ApproveKycRenewal($id: ID!, $decision: KycDecisionInput!) {
    approveKycRenewal(id: $id, decision: $decision) { id status onChainStatus }
  }
`);

export const REJECT_RENEWAL = graphql(`
  mutation RejectKycRenewal($id: ID!, $reason: String!) { rejectKycRenewal(id: $id, reason: $reason) { id status } }
`);

export const SUSPEND = graphql(`
  mutation SuspendInvestor($id: ID!, $reason: String!) { suspendInvestor(id: $id, reason: $reason) { id status chainStatus onChainStatus } }
`);

export const REINSTATE = graphql(`
  mutation ReinstateInvestor($id: ID!, $reason: String!) { reinstateInvestor(id: $id, reason: $reason) { id status chainStatus onChainStatus } }
`);

export const RENEWALS = graphql(`
  query KycRenewals($after: String) {
    kycRenewals(first: 25, after: $after) {
      edges { node { id status source wallet wallets submittedAt decidedAt onChainStatus chainStatus kycValidUntil expiringSoon renewal { id status submittedAt } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** Approved investors, a page at a time, for the "KYC running out" list (filtered on expiringSoon). */
export const APPROVED_PAGE = graphql(`
  query ApprovedInvestors($after: String) {
    kycApplications(status: APPROVED, first: 100, after: $after) {
      edges { node { id status source wallet wallets submittedAt decidedAt onChainStatus chainStatus kycValidUntil expiringSoon renewal { id status } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const IMPORT_INVESTORS = graphql(`
  mutation ImportInvestors($csv: String) {
    importInvestors(csv: $csv) { accepted importId imported batches errors { line message } }
  }
`);

export const AUDIT_LOG = graphql(`
  query AuditLog($after: String) {
    auditLog(first: 25, after: $after) {
      edges { node { id actor action target outcome details createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AUDIT_VERIFICATION = graphql(`query AuditLogVerification { auditLogVerification { valid checkedRows firstInvalidId problem } }`);
