import { graphql } from "../api/graphql.ts";

export const MY_APPLICATION = graphql(`
  query MyApplication {
    myApplication {
      id status onChainStatus chainStatus rejectionReason countryCode kycValidUntil submittedAt decidedAt
      flags { accredited qualified usPerson institution }
      personalData {
        legalName dateOfBirth countryOfResidence nationality taxResidence category usPerson
        address { line1 line2 city postalCode region }
      }
      documents { id kind contentType sizeBytes uploadedAt }
    }
  }
`);

export const SAVE_APPLICATION = graphql(`
  mutation SaveKycApplication($input: KycApplicationInput!) { saveKycApplication(input: $input) { id status } }
`);

export const UPLOAD_DOCUMENT = graphql(`
  mutation UploadKycDocument($kind: KycDocumentKind!, $file: File) { uploadKycDocument(kind: $kind, file: $file) { id kind sizeBytes } }
`);

export const SUBMIT_APPLICATION = graphql(`mutation SubmitKycApplication { submitKycApplication { id status } }`);

export const REMOVE_DOCUMENT = graphql(`mutation RemoveKycDocument($id: ID!) { removeKycDocument(id: $id) }`);
