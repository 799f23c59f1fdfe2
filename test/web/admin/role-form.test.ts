import { describe, expect, it } from "vitest";
import { describeRoleChange, PLATFORM_ROLES, readRoleWallet } from "../../../web/src/admin/lib/role-form.ts";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("the platform role form", () => {
  it("offers exactly the server's off-chain roles", () => {
    expect([...PLATFORM_ROLES].sort()).toEqual(["AUDITOR", "COMPLIANCE_OFFICER", "PLATFORM_ADMIN"]);
  });

  it("takes a wallet in lower case or checksummed, and refuses a missing, malformed or mis-checksummed one with a message", () => {
    expect(readRoleWallet(` ${A.toLowerCase()} `)).toEqual({ ok: true, address: A });
    expect(readRoleWallet(A)).toEqual({ ok: true, address: A });
    expect(readRoleWallet("")).toEqual({ ok: false, error: "Enter the wallet address that gets or loses the role" });
    expect(readRoleWallet("0x1234")).toEqual({ ok: false, error: "Enter a wallet address: 0x followed by 40 hex digits" });
    expect(readRoleWallet(`${A.slice(0, -1)}c`)).toMatchObject({ ok: false, error: expect.stringMatching(/wrong checksum/) });
  });

  it("says what a grant or a revocation did, including when nothing changed", () => {
    expect(describeRoleChange("grant", A, "COMPLIANCE_OFFICER", true)).toBe(`${A} is now a compliance officer.`);
    expect(describeRoleChange("grant", A, "AUDITOR", false)).toBe(`${A} already was an auditor: nothing changed.`);
    expect(describeRoleChange("revoke", A, "PLATFORM_ADMIN", true)).toBe(`${A} is no longer a platform admin.`);
    expect(describeRoleChange("revoke", A, "AUDITOR", false)).toBe(`${A} was not an auditor: nothing changed.`);
  });
});
