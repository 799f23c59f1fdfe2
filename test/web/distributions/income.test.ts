import { describe, expect, it } from "vitest";
import { claimState } from "../../../web/src/investor/income/income-queries.ts";
import { roundStatus } from "../../../web/src/issuer/distributions/DistributionsPanel.tsx";

const claimTx = { to: "0x5FbDB2315678afecb367f032d93F642f64180aa3", data: "0x", value: "0", description: "claim" } as const;
const entitlement = (over: Partial<Parameters<typeof claimState>[0]> = {}): Parameters<typeof claimState>[0] => ({
  claimed: false,
  claimTransaction: claimTx,
  leafIndex: 0,
  distribution: { status: "FUNDED", claimOpen: true },
  ...over,
});

describe("claimState", () => {
  it("offers the claim while the round is funded, open and unclaimed", () => {
    expect(claimState(entitlement())).toBe("claimable");
  });

  it("files a claimed entitlement under past claims, even once the round has closed", () => {
    expect(claimState(entitlement({ claimed: true, claimTransaction: null, distribution: { status: "FUNDED", claimOpen: false } }))).toBe("claimed");
  });

  it("says a declared round is waiting for its funding, and a closed one can no longer be claimed", () => {
    expect(claimState(entitlement({ claimTransaction: null, distribution: { status: "DECLARED", claimOpen: false } }))).toBe("not-funded");
    expect(claimState(entitlement({ claimTransaction: null, distribution: { status: "FUNDED", claimOpen: false } }))).toBe("closed");
  });

  it("leaves out an entitlement whose net amount rounds to nothing", () => {
    expect(claimState(entitlement({ leafIndex: null, claimTransaction: null }))).toBe("nothing");
  });
});

describe("roundStatus", () => {
  const deadline = String(Date.UTC(2027, 0, 31, 12) / 1000);
  const at = new Date(Number(deadline) * 1000).toLocaleString();

  it("puts a round's stage in words for the issuer", () => {
    expect(roundStatus({ status: "DECLARED", claimOpen: false, deadline, reclaimed: null })).toBe("Declared: not funded yet");
    expect(roundStatus({ status: "FUNDED", claimOpen: true, deadline, reclaimed: null })).toBe(`Open for claims until ${at}`);
    expect(roundStatus({ status: "FUNDED", claimOpen: false, deadline, reclaimed: null })).toBe(`Closed on ${at}`);
    expect(roundStatus({ status: "FUNDED", claimOpen: false, deadline, reclaimed: { amount: "1", to: claimTx.to, txHash: "0x01" } })).toBe(`Closed on ${at}; the rest reclaimed`);
  });
});
