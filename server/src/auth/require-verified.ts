import type { Address } from "viem";
import { FolioError } from "../errors.ts";
import type { Viewer } from "./auth-service.ts";
import { requireSignedIn } from "./authorize.ts";

export interface VerifiedInvestorContext {
  viewer: Viewer | null;
  services: { kyc: { isVerified(wallet: Address): Promise<boolean> } };
}

/**
 * The viewer, when their wallet is verified in the IdentityRegistry right now (ERC-3643 `isVerified`: linked to an
 * active investor whose KYC has not run out). Investor actions such as market orders and distribution claims call
 * this first; anyone else gets INVESTOR_NOT_VERIFIED (or UNAUTHENTICATED when not signed in).
 */
export async function requireVerifiedInvestor(ctx: VerifiedInvestorContext): Promise<Viewer> {
  const viewer = requireSignedIn(ctx);
  if (!(await ctx.services.kyc.isVerified(viewer.address))) {
    throw new FolioError("INVESTOR_NOT_VERIFIED", "This wallet is not a verified investor: it may not do this", {
      hint: "Complete KYC onboarding (myApplication shows where it stands); expired or suspended investors must be re-verified",
    });
  }
  return viewer;
}
