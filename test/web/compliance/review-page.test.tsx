import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { KycReviewPage } from "../../../web/src/compliance/KycReviewPage.tsx";

const ID = "5f87db01-99b7-4f59-9e89-375bcabc7013";
const WALLET = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const PERSON = {
  legalName: "Grace Hopper", dateOfBirth: "1980-04-02", countryOfResidence: "DE", nationality: "DE", taxResidence: "DE", category: "RETAIL", usPerson: false,
  address: { line1: "1 Harbour Street", line2: null, city: "Berlin", postalCode: "10115", region: null },
};

/** The review page as the server's answers (already cached) make it, rendered to HTML. */
function renderReview(overrides: Record<string, unknown>): string {
  const application = {
    id: ID, status: "APPROVED", source: "APPLICATION", onChainStatus: "CONFIRMED", chainStatus: "ACTIVE", wallet: WALLET, wallets: [WALLET],
    submittedAt: "2026-12-01T10:00:00Z", decidedAt: "2026-12-01T11:00:00Z", rejectionReason: null, suspensionReason: null, countryCode: "DE",
    kycValidUntil: "1859269982", expiringSoon: false, flags: { accredited: true, qualified: false, usPerson: false, institution: false },
    personalData: PERSON, documents: [], renewal: null, ...overrides,
  };
  const client = new QueryClient();
  client.setQueryData(["kycApplication", ID], { kycApplication: application });
  client.setQueryData(["kycApplicationState", ID], { kycApplication: application });
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[`/compliance/kyc/${ID}`]}>
        <Routes><Route path="/compliance/kyc/:id" element={<KycReviewPage />} /></Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the KYC review page's decisions", () => {
  it("offers approve and reject for a submitted application, and no suspension", () => {
    const html = text(renderReview({ status: "SUBMITTED", onChainStatus: "NONE", chainStatus: null, countryCode: null, kycValidUntil: null, flags: null }));
    expect(html).toContain("Approve application");
    expect(html).toContain("Reject application");
    expect(html).not.toContain("Suspend investor");
  });

  it("shows an approved investor's registry record and offers a suspension with a reason for the audit log", () => {
    const html = text(renderReview({}));
    expect(html).toContain("Registry status: active");
    expect(html).toContain("Country Germany (DE); accredited; KYC valid until 2028-12-01.");
    expect(html).toContain("Reason for the suspension (audit log)");
    expect(html).toContain("Suspend investor");
    expect(html).not.toContain("Approve application");
    expect(html).not.toContain("Reinstate investor");
  });

  it("shows a suspended investor's reason and offers reinstatement only", () => {
    const html = text(renderReview({ status: "SUSPENDED", chainStatus: "SUSPENDED", suspensionReason: "Name matched a sanctions list entry" }));
    expect(html).toContain("Suspended: Name matched a sanctions list entry");
    expect(html).toContain("Reinstate investor");
    expect(html).not.toContain("Suspend investor");
  });

  it("shows a submitted renewal's details and documents with its own approve and reject forms", () => {
    const renewal = {
      id: "r1", status: "SUBMITTED", submittedAt: "2026-12-02T09:00:00Z", rejectionReason: null,
      personalData: { ...PERSON, address: { ...PERSON.address, line1: "2 New Road" } },
      documents: [{ id: "d1", kind: "IDENTITY", contentType: "application/pdf", sizeBytes: 2048, uploadedAt: "2026-12-02T08:59:00Z" }],
    };
    const html = text(renderReview({ renewal }));
    expect(html).toContain("Renewed details");
    expect(html).toContain("2 New Road, 10115 Berlin");
    expect(html).toContain("Documents sent with the renewal");
    expect(html).toContain("Approve renewal");
    expect(html).toContain("Reject renewal");
  });

  it("shows no renewal forms for a renewal still in draft", () => {
    const html = text(renderReview({ renewal: { id: "r1", status: "DRAFT", submittedAt: null, rejectionReason: null, personalData: PERSON, documents: [] } }));
    expect(html).not.toContain("Approve renewal");
  });

  it("shows an imported investor without personal details or documents", () => {
    const html = text(renderReview({ source: "IMPORT", personalData: null }));
    expect(html).toContain("imported from a CSV file (verified elsewhere)");
    expect(html).not.toContain("Personal details");
    expect(html).not.toContain("Documents");
  });
});
