import { countryName } from "../ui/country-options.ts";

export type ApplicationStatus = { status: string; onChainStatus: string; rejectionReason: string | null; countryCode: string | null; kycValidUntil: string | null };

/** Whether the page should keep asking: waiting for a decision or for the registry write. */
export const awaitingChange = (a: ApplicationStatus | null | undefined) =>
  !!a && (a.status === "SUBMITTED" || (a.status === "APPROVED" && a.onChainStatus === "PENDING"));

/** Where the application stands, in words. */
export function KycStatus({ application, reviewer = false }: { application: ApplicationStatus | null; reviewer?: boolean }) {
  const [title, detail] = describe(application, reviewer);
  return (
    <div className={`status-panel status-${(application?.status ?? "none").toLowerCase()}`} role="status" aria-live="polite" data-testid="kyc-status">
      <p className="status-title"><strong>{title}</strong></p>
      {detail && <p>{detail}</p>}
    </div>
  );
}

function describe(a: ApplicationStatus | null, reviewer: boolean): [string, string | null] {
  if (!a) return ["Not started", "Fill in your details, add an identity document and submit the application."];
  switch (a.status) {
    case "DRAFT":
      // Correcting a rejected application reopens it as a draft; the officer's reason stays until it is submitted again.
      if (a.rejectionReason) return ["Changes requested: correcting", `Reason: ${a.rejectionReason}. Submit the application again when your corrections are saved.`];
      return ["Draft: not submitted yet", "Complete your details and documents, then submit the application for review."];
    case "SUBMITTED":
      return ["Submitted: waiting for review", reviewer ? "Check the details and documents, then approve or request changes." : "A compliance officer will review your application."];
    case "REJECTED":
      return ["Changes requested", `Reason: ${a.rejectionReason ?? "not given"}. Correct your details and submit again.`];
    case "SUSPENDED":
      return ["Suspended", "Your investor status is suspended. Contact compliance."];
    case "ERASED":
      return ["Erased", "Your personal data was erased at your request."];
    case "APPROVED": {
      if (a.onChainStatus === "CONFIRMED") {
        const until = a.kycValidUntil ? new Date(Number(a.kycValidUntil) * 1000).toISOString().slice(0, 10) : null;
        if (reviewer) return ["Verified", `Registered on chain${a.countryCode ? ` as an investor from ${countryName(a.countryCode)}` : ""}${until ? `, KYC valid until ${until}` : ""}.`];
        return ["Verified", `You can hold tokens${a.countryCode ? ` as an investor from ${countryName(a.countryCode)}` : ""}${until ? `, KYC valid until ${until}` : ""}.`];
      }
      if (a.onChainStatus === "FAILED") return ["Approved, registration failed", "The identity registry could not be updated; compliance has been told."];
      return ["Approved: registering on chain…", reviewer ? "The approval is being written to the identity registry." : "Your approval is being written to the identity registry."];
    }
    default:
      return [a.status, null];
  }
}
