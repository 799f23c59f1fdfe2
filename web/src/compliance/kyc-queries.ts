import { graphql } from "../api/graphql.ts";

export const KYC_QUEUE = graphql(`
  query KycQueue($status: KycApplicationStatus, $after: String) {
    kycApplications(status: $status, first: 25, after: $after) {
      edges { node { id status wallet submittedAt decidedAt onChainStatus } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const KYC_APPLICATION = graphql(`
  query KycApplicationReview($id: ID!) {
    kycApplication(id: $id) {
      id status onChainStatus wallet submittedAt decidedAt rejectionReason countryCode kycValidUntil
      personalData {
        legalName dateOfBirth countryOfResidence nationality taxResidence category usPerson
        address { line1 line2 city postalCode region }
      }
      documents { id kind contentType sizeBytes uploadedAt }
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
