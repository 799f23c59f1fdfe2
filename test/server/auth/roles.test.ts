import { createPublicClient, createWalletClient, getAddress, http, parseAbi } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { createRoleStore } from "../../../server/src/auth/role-store.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, prepareRoleActors } from "../../support/roles.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";

const ME = `{ me { address roles { role token } } }`;
const GRANT = `mutation($a: Address!, $r: PlatformRole!) { grantRole(address: $a, role: $r) }`;
const REVOKE = `mutation($a: Address!, $r: PlatformRole!) { revokeRole(address: $a, role: $r) }`;
const INVESTOR = `query($w: Address!) { investor(wallet: $w) { investorId country validUntil status verified wallets
  flags { accredited qualified usPerson institution } } }`;

describeEachDatabase("roles and investor visibility", (kind) => {
  let platform: TestPlatform;
  const as: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors);
    for (const [name, index] of Object.entries(ACTORS)) as[name] = (await signIn(platform, index)).headers;
  });
  afterAll(() => platform?.close());

  const rolesOf = async (actor: string) => {
    const result = await platform.gql(ME, {}, as[actor]);
    return (result.data.me.roles as { role: string; token: string | null }[]).map((r) => r.role).sort();
  };
  const address = (index: number) => devAccount(index).address;

  it("reads roles from the chain (registry owner, KYC agent) and from configuration", async () => {
    expect(await rolesOf("admin")).toEqual(["PLATFORM_ADMIN"]);
    expect(await rolesOf("kycAgent")).toEqual(["KYC_AGENT"]);
    expect(await rolesOf("investor")).toEqual([]);
    const owner = await rolesOf("owner");
    expect(owner).toContain("REGISTRY_OWNER");
  });

  it("reads ARTWORK_ISSUER from isIssuer on each deployed certificate collection, scoped to that collection", async () => {
    const contracts = readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!.contracts;
    const open = getAddress(contracts.ArtworkCertificate!.address);
    const verifiedOwners = getAddress(contracts.ArtworkCertificateVerifiedOwners!.address);
    const artworkRoles = async (actor: string) => {
      const result = await platform.gql(ME, {}, as[actor]);
      return (result.data.me.roles as { role: string; token: string | null }[]).filter((r) => r.role === "ARTWORK_ISSUER").map((r) => r.token).sort();
    };
    // The local deployment authorises #0 on both collections; nobody else is an issuer.
    expect(await artworkRoles("owner")).toEqual([open, verifiedOwners].sort());
    expect(await artworkRoles("investor")).toEqual([]);
    expect(await artworkRoles("admin")).toEqual([]);

    // The platform owner authorises the KYC agent on the open collection only, then withdraws it: the session follows.
    const abi = parseAbi(["function authorizeIssuer(address)", "function deauthorizeIssuer(address)"]);
    const transport = http(platform.chain.rpcUrl, { batch: false });
    const wallet = createWalletClient({ account: devAccount(ACTORS.owner), transport });
    const reader = createPublicClient({ transport });
    const send = async (functionName: "authorizeIssuer" | "deauthorizeIssuer") =>
      reader.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: open, abi, functionName, args: [address(ACTORS.kycAgent)], chain: null }) });
    await send("authorizeIssuer");
    expect(await artworkRoles("kycAgent")).toEqual([open]);
    expect(await rolesOf("kycAgent")).toEqual(["ARTWORK_ISSUER", "KYC_AGENT"]);
    await send("deauthorizeIssuer");
    expect(await artworkRoles("kycAgent")).toEqual([]);
  });

  it("lets a platform admin grant and revoke off-chain roles, audited, and reports no-ops as false", async () => {
    const target = address(ACTORS.compliance);
    expect((await platform.gql(GRANT, { a: target, r: "COMPLIANCE_OFFICER" }, as.admin)).data.grantRole).toBe(true);
    expect((await platform.gql(GRANT, { a: target, r: "COMPLIANCE_OFFICER" }, as.admin)).data.grantRole).toBe(false);
    expect(await rolesOf("compliance")).toEqual(["COMPLIANCE_OFFICER"]);
    expect((await platform.gql(REVOKE, { a: target, r: "COMPLIANCE_OFFICER" }, as.admin)).data.revokeRole).toBe(true);
    expect(await rolesOf("compliance")).toEqual([]);
    expect((await platform.gql(REVOKE, { a: target, r: "COMPLIANCE_OFFICER" }, as.admin)).data.revokeRole).toBe(false);
    const { rows } = await platform.db.query<{ action: string; actor: string }>(
      "select action, actor from audit_log where target = $1 and action like 'role.%' order by id", [target]);
    expect(rows.map((r) => r.action)).toEqual(["role.grant", "role.grant", "role.revoke", "role.revoke"]);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set([address(ACTORS.admin)]));
  });

  it("refuses role changes by anyone but a platform admin, and changes nothing", async () => {
    const before = await platform.db.query("select * from user_roles order by address, role");
    for (const actor of ["investor", "owner", "kycAgent", "auditor"]) {
      const result = await platform.gql(GRANT, { a: address(actor === "investor" ? ACTORS.investor : ACTORS.otherInvestor), r: "PLATFORM_ADMIN" }, as[actor]);
      expect(result.errors?.[0].extensions.code).toBe("FORBIDDEN");
    }
    expect((await platform.gql(GRANT, { a: address(3), r: "AUDITOR" })).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect((await platform.db.query("select * from user_roles order by address, role")).rows).toEqual(before.rows);
  });

  it("validates role arguments: a chain role or a malformed address is refused before anything runs", async () => {
    const chainRole = await platform.gql(GRANT, { a: address(3), r: "TOKEN_OWNER" }, as.admin);
    expect(chainRole.errors?.[0].message).toMatch(/PlatformRole/);
    const badAddress = await platform.gql(GRANT, { a: "0x1234", r: "AUDITOR" }, as.admin);
    expect(badAddress.errors?.[0].message).toMatch(/Address must be/);
    expect((await platform.db.query("select 1 from user_roles")).rows).toEqual([]);
  });

  it("never revokes a configured admin through the API", async () => {
    const result = await platform.gql(REVOKE, { a: address(ACTORS.admin), r: "PLATFORM_ADMIN" }, as.admin);
    expect(result.errors?.[0].extensions.code).toBe("ROLE_CONFIGURED");
    expect(await rolesOf("admin")).toEqual(["PLATFORM_ADMIN"]);
    const { rows } = await platform.db.query("select 1 from audit_log where action = 'role.revoke' and outcome = 'failure'");
    expect(rows).toHaveLength(1);
  });

  it("refuses to revoke the platform's last admin, and allows it once another admin exists", async () => {
    const roles = createRoleStore({ db: platform.db, configuredAdmins: [] });
    const [a, b] = [address(20), address(21)];
    await roles.grant(a, a, "PLATFORM_ADMIN");
    await expect(roles.revoke(a, a, "PLATFORM_ADMIN")).rejects.toMatchObject({ code: "LAST_ADMIN" });
    expect(await roles.rolesOf(a)).toEqual(["PLATFORM_ADMIN"]);
    await roles.grant(a, b, "PLATFORM_ADMIN");
    expect(await roles.revoke(a, a, "PLATFORM_ADMIN")).toBe(true);
    await expect(roles.revoke(b, b, "PLATFORM_ADMIN")).rejects.toMatchObject({ code: "LAST_ADMIN" });
    await platform.db.query("alter table user_roles disable trigger all"); // no triggers: just tidy for later tests
    await platform.db.query("delete from user_roles where address = $1", [b]);
    await platform.db.query("alter table user_roles enable trigger all");
  });

  it("shows an investor their own record from any of their wallets, decoded", async () => {
    for (const [viewer, wallet] of [["investor", ACTORS.investor], ["investor", ACTORS.investorSecondWallet], ["investorSecondWallet", ACTORS.investor]] as const) {
      const result = await platform.gql(INVESTOR, { w: address(wallet) }, as[viewer]);
      expect(result.errors).toBeUndefined();
      const investor = result.data.investor;
      expect(investor.status).toBe("ACTIVE");
      expect(investor.verified).toBe(true);
      expect(investor.wallets).toEqual(expect.arrayContaining([address(ACTORS.investor), address(ACTORS.investorSecondWallet)]));
      expect(BigInt(investor.validUntil)).toBeGreaterThan(BigInt(Math.floor(Date.now() / 1000)));
      expect(investor.investorId).toMatch(/^0x[0-9a-f]{64}$/);
    }
  });

  it("shows any investor to admins, compliance officers and KYC agents; others get FORBIDDEN whether or not the wallet is registered", async () => {
    await platform.gql(GRANT, { a: address(ACTORS.compliance), r: "COMPLIANCE_OFFICER" }, as.admin);
    await platform.gql(GRANT, { a: address(ACTORS.auditor), r: "AUDITOR" }, as.admin);
    for (const actor of ["admin", "compliance", "kycAgent"]) {
      const result = await platform.gql(INVESTOR, { w: address(ACTORS.otherInvestor) }, as[actor]);
      expect(result.errors).toBeUndefined();
      expect(result.data.investor.status).toBe("ACTIVE");
      expect((await platform.gql(INVESTOR, { w: address(7) }, as[actor])).data.investor).toBeNull();
    }
    for (const actor of ["investor", "auditor", "otherInvestor"]) {
      for (const wallet of [actor === "otherInvestor" ? ACTORS.investor : ACTORS.otherInvestor, 7]) {
        const result = await platform.gql(INVESTOR, { w: address(wallet) }, as[actor]);
        expect(result.errors?.[0].extensions.code).toBe("FORBIDDEN");
        expect(result.data.investor).toBeNull();
      }
    }
    expect((await platform.gql(INVESTOR, { w: address(ACTORS.investor) })).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
