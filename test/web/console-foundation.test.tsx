import { renderToStaticMarkup } from "react-dom/server";
import { parseSiweMessage } from "viem/siwe";
import { BaseError, ContractFunctionRevertedError, encodeErrorResult, parseAbi } from "viem";
import { describe, expect, it } from "vitest";
import { navItemsFor } from "../../web/src/app/nav-items.ts";
import { buildSignInMessage } from "../../web/src/auth/siwe-message.ts";
import type { SignedInUser } from "../../web/src/auth/roles.ts";
import { Field } from "../../web/src/ui/Field.tsx";
import { TransactionStatus } from "../../web/src/tx/TransactionStatus.tsx";
import { describeTransactionError } from "../../web/src/tx/describe-error.ts";
import { ApiError, beginSessionEpoch, endingSession, onSessionEnded, graphqlRequest } from "../../web/src/api/graphql.ts";

const ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const user = (...roles: SignedInUser["roles"][number]["role"][]): SignedInUser => ({ address: ADDRESS, roles: roles.map((role) => ({ role, token: null })) });
const labels = (u: SignedInUser | null) => navItemsFor(u).map((i) => i.label);

describe("navigation by role", () => {
  it("shows only the tokens when signed out, and the investor area and the market to anyone signed in", () => {
    expect(labels(null)).toEqual(["Tokens"]);
    expect(labels(user())).toEqual(["Tokens", "Investor", "Market", "Fractions"]);
  });

  it("adds compliance, issuer and admin areas for the roles that use them", () => {
    expect(labels(user("COMPLIANCE_OFFICER"))).toEqual(["Tokens", "Investor", "Market", "Fractions", "Compliance"]);
    expect(labels(user("TOKEN_AGENT"))).toEqual(["Tokens", "Investor", "Market", "Fractions", "Issuer"]);
    expect(labels(user("PLATFORM_ADMIN", "COMPLIANCE_OFFICER"))).toEqual(["Tokens", "Investor", "Market", "Fractions", "Compliance", "Issuer", "Admin"]);
  });
});

describe("the Sign-In with Ethereum message", () => {
  it("names the page's host and origin, the chain and the nonce, and expires in five minutes", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    const message = buildSignInMessage({ address: ADDRESS, chainId: 31337, nonce: "abcdef123456", origin: "http://127.0.0.1:4000", now });
    expect(parseSiweMessage(message)).toMatchObject({
      domain: "127.0.0.1:4000", uri: "http://127.0.0.1:4000/", chainId: 31337, nonce: "abcdef123456", address: ADDRESS,
      expirationTime: new Date("2026-12-02T10:05:00Z"),
    });
  });
});

describe("shared form field", () => {
  it("ties the label, the hint and the message to the control", () => {
    const html = renderToStaticMarkup(<Field label="City" hint="Where you live" error="Enter the city"><input /></Field>);
    const id = /<label for="([^"]+)"/.exec(html)![1];
    expect(html).toContain(`<input id="${id}" aria-invalid="true" aria-describedby="${id}-hint ${id}-error"/>`);
    expect(html).toContain(`<p id="${id}-error" class="field-error">Enter the city</p>`);
  });

  it("marks nothing invalid without a message", () => {
    expect(renderToStaticMarkup(<Field label="City"><input /></Field>)).not.toContain("aria-invalid");
  });
});

describe("transaction status", () => {
  it("says what the transaction will do, then where it stands", () => {
    expect(renderToStaticMarkup(<TransactionStatus action="mint 5 FDS to 0x7099…79C8" state={{ status: "idle" }} />)).toContain("This will mint 5 FDS to 0x7099…79C8.");
    expect(renderToStaticMarkup(<TransactionStatus action="x" state={{ status: "confirmed", hash: `0x${"ab".repeat(32)}`, block: 42n, receipt: {} as never }} />)).toContain("Confirmed in block 42");
  });

  it("puts an unknown custom error into words with its arguments", () => {
    const abi = parseAbi(["error AuctionLotWithdrawn(uint256 lot)"]);
    const data = encodeErrorResult({ abi, errorName: "AuctionLotWithdrawn", args: [7n] });
    const error = new BaseError("call reverted", { cause: new ContractFunctionRevertedError({ abi, data, functionName: "fill" }) });
    expect(describeTransactionError(error)).toBe("The contract refused: auction lot withdrawn (7)");
  });
});

describe("the GraphQL client", () => {
  it("tells the session a dead session answered UNAUTHENTICATED, with its reason", async () => {
    const reasons: string[] = [];
    const stop = onSessionEnded((reason) => reasons.push(reason));
    const answer = { errors: [{ message: "The session has expired; sign in again", extensions: { code: "UNAUTHENTICATED", reason: "SESSION_EXPIRED" } }] };
    const fetchImpl = (async () => new Response(JSON.stringify(answer), { status: 200 })) as typeof fetch;
    const error = await graphqlRequest("{ me { address } }", undefined, fetchImpl).catch((e) => e);
    stop();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_EXPIRED" });
    expect(reasons).toEqual(["SESSION_EXPIRED"]);
  });

  it("does not end the current session for a late answer to a request sent before the last sign-in or sign-out", async () => {
    const reasons: string[] = [];
    const stop = onSessionEnded((reason) => reasons.push(reason));
    const answer = { errors: [{ message: "The session is not valid; sign in again", extensions: { code: "UNAUTHENTICATED", reason: "SESSION_INVALID" } }] };
    let answerNow!: () => void;
    const answered = new Promise<void>((resolve) => (answerNow = resolve));
    const fetchImpl = (async () => {
      await answered;
      return new Response(JSON.stringify(answer), { status: 200 });
    }) as typeof fetch;
    const late = graphqlRequest("{ me { address } }", undefined, fetchImpl).catch((e) => e);
    beginSessionEpoch(); // the user switched account while the old session's request was on its way
    answerNow();
    const error = await late;
    const current = await graphqlRequest("{ me { address } }", undefined, fetchImpl).catch((e) => e);
    stop();
    expect(error).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_INVALID" });
    expect(current).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_INVALID" });
    expect(reasons).toEqual(["SESSION_INVALID"]);
  });

  it("ends nothing more for answers about the session a sign-out is ending, sent before or during it, answered during or after it", async () => {
    const reasons: string[] = [];
    const stop = onSessionEnded((reason) => reasons.push(reason));
    const invalid = { errors: [{ message: "The session is not valid; sign in again", extensions: { code: "UNAUTHENTICATED", reason: "SESSION_INVALID" } }] };
    const gates: Array<() => void> = [];
    const gatedFetch = (async () => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return new Response(JSON.stringify(invalid), { status: 200 });
    }) as typeof fetch;
    const sentBefore = graphqlRequest("{ me { address } }", undefined, gatedFetch).catch((e) => e);
    // The account switch: the sign-out's answer, which clears the cookie, comes last.
    const signedOut = endingSession(() => graphqlRequest("mutation { signOut }", undefined, gatedFetch).catch(() => "signed out"));
    const sentDuring = graphqlRequest("{ me { address } }", undefined, gatedFetch).catch((e) => e);
    const answerDuring = graphqlRequest("{ myOrders { id } }", undefined, gatedFetch).catch((e) => e);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(gates).toHaveLength(4);
    const [before, signOut, during, duringLate] = gates;
    before(); // the server has already ended the old session
    during();
    expect(await sentBefore).toMatchObject({ reason: "SESSION_INVALID" });
    expect(await sentDuring).toMatchObject({ reason: "SESSION_INVALID" });
    signOut();
    expect(await signedOut).toBe("signed out");
    duringLate(); // sent while the cookie was still set, answered after the sign-out
    expect(await answerDuring).toMatchObject({ reason: "SESSION_INVALID" });
    expect(reasons).toEqual([]);
    // After the sign-out, a dead session is news again.
    const after = graphqlRequest("{ me { address } }", undefined, gatedFetch).catch((e) => e);
    await new Promise((resolve) => setTimeout(resolve, 0));
    gates[4]!();
    expect(await after).toMatchObject({ reason: "SESSION_INVALID" });
    stop();
    expect(reasons).toEqual(["SESSION_INVALID"]);
  });
});
