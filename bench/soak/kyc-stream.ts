// The KYC side of the soak: a new investor (a fresh dev wallet) signs in with SIWE, fills in an application, uploads
// an identity document and submits; the compliance officer reads the queue and the application and approves it,
// which registers the investor on chain through the outbox.
import { APPROVE, completeApplication, MINE, OFFICER, pdf, SAVE, SUBMIT, UPLOAD } from "../../test/server/kyc/kyc-fixture.ts";
import { signIn } from "../../test/support/sign-in.ts";
import type { Stream } from "./schedule.ts";
import type { SoakContext } from "./soak-context.ts";

/** Applicants are dev accounts from here on: clear of the fixtures' actors (#0 to #19). */
export const FIRST_APPLICANT = 100;

const QUEUE = `{ kycApplications(first: 10) { edges { node { id status } } pageInfo { hasNextPage } } }`;
const OPEN = `query($id: ID!) { kycApplication(id: $id) { id status personalData { legalName } documents { kind } } }`;

export function kycStream(ctx: SoakContext, everyMs: number): Stream {
  const document = Buffer.from(pdf("folio soak identity document")).toString("base64");
  return {
    name: "KYC onboarding",
    everyMs,
    async job(tick) {
      const { client } = ctx;
      const { headers } = await signIn(ctx.target, FIRST_APPLICANT + tick);
      const step = async (op: string, query: string, variables?: Record<string, unknown>, as = headers) => {
        const answer = await client.request(op, query, variables, as);
        if (!answer.data) throw new Error(`${op} failed: ${JSON.stringify(answer.errors)}`);
        return answer.data;
      };
      await step("saveKycApplication", SAVE, { input: completeApplication({ legalName: `Soak Applicant ${tick}` }) });
      await step("uploadKycDocument", UPLOAD, { kind: "IDENTITY", base64: document });
      const { submitKycApplication } = await step("submitKycApplication", SUBMIT);
      await step("myApplication (with personal data)", MINE);
      const officer = await ctx.as(OFFICER);
      await step("kycApplications", QUEUE, undefined, officer);
      await step("kycApplication", OPEN, { id: submitKycApplication.id }, officer);
      await step("approveKycApplication", APPROVE, { id: submitKycApplication.id, d: { country: "DE", validityDays: 365 } }, officer);
    },
  };
}
