import { describe, expect, it } from "vitest";
import { statusText } from "../../../web/src/compliance/ApplicationTable.tsx";
import { describeVerification, detailPairs } from "../../../web/src/compliance/lib/audit-format.ts";
import { matchesWalletSearch, QUEUE_STATUSES, readWalletSearch } from "../../../web/src/compliance/lib/queue-filter.ts";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("the KYC queue's filters", () => {
  it("offers every application status the server knows, submitted first", () => {
    expect(QUEUE_STATUSES[0]).toBe("SUBMITTED");
    expect([...QUEUE_STATUSES].sort()).toEqual(["APPROVED", "DRAFT", "ERASED", "REJECTED", "SUBMITTED", "SUSPENDED"]);
  });

  it("reads a whole address in any case as a lookup of that wallet, checksummed", () => {
    expect(readWalletSearch(` ${A.toLowerCase()} `)).toEqual({ kind: "address", address: A });
  });

  it("reads part of an address as a filter on the listed rows, with or without 0x, in any case", () => {
    const part = readWalletSearch("0x7099");
    expect(part).toEqual({ kind: "part", needle: "7099" });
    expect(matchesWalletSearch(part, [A])).toBe(true);
    expect(matchesWalletSearch(part, [B])).toBe(false);
    expect(matchesWalletSearch(readWalletSearch("79c8"), [A])).toBe(true);
    expect(matchesWalletSearch(readWalletSearch("DC79C8"), [B, A])).toBe(true);
  });

  it("matches a whole address against any of an application's wallets", () => {
    const search = readWalletSearch(B);
    expect(matchesWalletSearch(search, [A])).toBe(false);
    expect(matchesWalletSearch(search, [A, B.toLowerCase()])).toBe(true);
  });

  it("keeps every row for an empty search and none for text that is no part of an address, with a message for the field", () => {
    expect(readWalletSearch("   ")).toEqual({ kind: "none" });
    expect(matchesWalletSearch({ kind: "none" }, [A])).toBe(true);
    const bad = readWalletSearch("alice");
    expect(bad).toEqual({ kind: "invalid", error: "Enter a wallet address or part of one (hex digits, optionally starting with 0x)" });
    expect(matchesWalletSearch(bad, [A])).toBe(false);
    expect(readWalletSearch(`${A}00`).kind).toBe("invalid");
  });

  it("describes a status with its registry write and its source", () => {
    expect(statusText({ status: "APPROVED", onChainStatus: "CONFIRMED", source: "IMPORT" })).toBe("approved (on chain), imported");
    expect(statusText({ status: "SUSPENDED", onChainStatus: "PENDING", source: "APPLICATION" })).toBe("suspended (pending)");
    expect(statusText({ status: "SUBMITTED", onChainStatus: "NONE", source: "APPLICATION" })).toBe("submitted");
  });
});

describe("the audit log's verification status", () => {
  it("says up to which entry the chain is verified", () => {
    expect(describeVerification({ valid: true, checkedRows: 42, firstInvalidId: null, problem: null }).title).toBe("Verified up to entry 42");
    expect(describeVerification({ valid: true, checkedRows: 0, firstInvalidId: null, problem: null }).title).toBe("Verified: the audit log is empty");
  });

  it("says at which entry the chain is broken and why", () => {
    const broken = describeVerification({ valid: false, checkedRows: 6, firstInvalidId: "7", problem: "hash does not match the row's content (the row was altered)" });
    expect(broken.title).toBe("Broken at entry #7");
    expect(broken.detail).toBe("hash does not match the row's content (the row was altered). The 6 entries before it are intact.");
  });

  it("shows an entry's details as key: value pairs", () => {
    expect(detailPairs(`{"role":"AUDITOR","changed":true}`)).toBe("role: AUDITOR, changed: true");
    expect(detailPairs("{}")).toBe("");
    expect(detailPairs("not json")).toBe("not json");
  });
});

describe("the suspension and reinstatement reason", () => {
  it("is required, trimmed, and at most 500 characters, with a message for each action", async () => {
    const { validateReason } = await import("../../../web/src/compliance/decision-form.ts");
    expect(validateReason("  ", "suspend")).toBe("Say why the investor is suspended");
    expect(validateReason("", "reinstate")).toBe("Say why the suspension is lifted");
    expect(validateReason("x".repeat(501), "suspend")).toBe("Keep the reason to 500 characters");
    expect(validateReason(` ${"x".repeat(500)} `, "suspend")).toBeUndefined();
  });
});
