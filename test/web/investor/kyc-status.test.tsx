import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { KycStatus, type ApplicationStatus } from "../../../web/src/investor/KycStatus.tsx";
import { investorWallets } from "../../../web/src/investor/portfolio/PortfolioPage.tsx";

const base: ApplicationStatus = { status: "DRAFT", onChainStatus: "NONE", rejectionReason: null, countryCode: null, kycValidUntil: null };

describe("the application's status after a correction request", () => {
  it("shows the officer's reason on a rejected application", () => {
    const html = renderToStaticMarkup(<KycStatus application={{ ...base, status: "REJECTED", rejectionReason: "The passport scan is unreadable" }} />);
    expect(html).toContain("Changes requested");
    expect(html).toContain("Reason: The passport scan is unreadable");
  });

  it("keeps showing the reason while the investor corrects it (saved again as a draft)", () => {
    const html = renderToStaticMarkup(<KycStatus application={{ ...base, rejectionReason: "The passport scan is unreadable" }} />);
    expect(html).toContain("Changes requested: correcting");
    expect(html).toContain("Reason: The passport scan is unreadable");
  });

  it("reads as a plain draft when no change was requested", () => {
    expect(renderToStaticMarkup(<KycStatus application={base} />)).toContain("Draft: not submitted yet");
  });
});

describe("the wallets a portfolio reads", () => {
  const A = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  const B = "0x90F79bF6eB2C4F876E86Bd3896bd71D0d8C3b906";
  it("are every linked wallet plus the connected one, once each", () => {
    expect(investorWallets([A, B.toLowerCase()], B)).toEqual([A, B]);
    expect(investorWallets([], A)).toEqual([A]);
    expect(investorWallets([A], undefined)).toEqual([A]);
  });
});
