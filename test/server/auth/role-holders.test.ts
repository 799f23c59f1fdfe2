import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv } from "../../support/roles.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";

const HOLDERS = `{ platformRoleHolders { address role grantedBy grantedAt configured } }`;
const GRANT = `mutation($a: Address!, $r: PlatformRole!) { grantRole(address: $a, role: $r) }`;
const REVOKE = `mutation($a: Address!, $r: PlatformRole!) { revokeRole(address: $a, role: $r) }`;

describeEachDatabase("who holds which platform role", (kind) => {
  let platform: TestPlatform;
  const as: Record<string, Record<string, string>> = {};
  const address = (index: number) => devAccount(index).address;
  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv());
    for (const [name, index] of Object.entries({ admin: ACTORS.admin, compliance: ACTORS.compliance, investor: ACTORS.investor })) as[name] = (await signIn(platform, index)).headers;
  });
  afterAll(() => platform?.close());

  it("lists the configured admin alone at first, marked as configured and not granted by anyone", async () => {
    const result = await platform.gql(HOLDERS, {}, as.admin);
    expect(result.errors).toBeUndefined();
    expect(result.data.platformRoleHolders).toEqual([{ address: address(ACTORS.admin), role: "PLATFORM_ADMIN", grantedBy: null, grantedAt: null, configured: true }]);
  });

  it("lists each grant with who granted it and when, and drops it once revoked", async () => {
    const before = Date.now() - 60_000;
    await platform.gql(GRANT, { a: address(ACTORS.compliance), r: "COMPLIANCE_OFFICER" }, as.admin);
    await platform.gql(GRANT, { a: address(ACTORS.auditor), r: "AUDITOR" }, as.admin);
    await platform.gql(GRANT, { a: address(ACTORS.auditor), r: "PLATFORM_ADMIN" }, as.admin);
    const holders = (await platform.gql(HOLDERS, {}, as.admin)).data.platformRoleHolders as { address: string; role: string; grantedBy: string | null; grantedAt: string | null; configured: boolean }[];
    expect(holders.map((h) => [h.role, h.address, h.configured])).toEqual([
      ["PLATFORM_ADMIN", address(ACTORS.admin), true],
      ["AUDITOR", address(ACTORS.auditor), false],
      ["COMPLIANCE_OFFICER", address(ACTORS.compliance), false],
      ["PLATFORM_ADMIN", address(ACTORS.auditor), false],
    ]);
    for (const h of holders.slice(1)) {
      expect(h.grantedBy).toBe(address(ACTORS.admin));
      expect(Date.parse(h.grantedAt!)).toBeGreaterThan(before);
    }
    await platform.gql(REVOKE, { a: address(ACTORS.auditor), r: "PLATFORM_ADMIN" }, as.admin);
    await platform.gql(REVOKE, { a: address(ACTORS.auditor), r: "AUDITOR" }, as.admin);
    const after = (await platform.gql(HOLDERS, {}, as.admin)).data.platformRoleHolders as { address: string; role: string }[];
    expect(after.map((h) => [h.role, h.address])).toEqual([["PLATFORM_ADMIN", address(ACTORS.admin)], ["COMPLIANCE_OFFICER", address(ACTORS.compliance)]]);
  });

  it("is for platform admins only: officers and investors get FORBIDDEN, anonymous callers UNAUTHENTICATED", async () => {
    for (const actor of ["compliance", "investor"]) {
      const result = await platform.gql(HOLDERS, {}, as[actor]);
      expect(result.errors?.[0].extensions.code).toBe("FORBIDDEN");
      expect(result.data).toBeNull();
    }
    expect((await platform.gql(HOLDERS, {})).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
