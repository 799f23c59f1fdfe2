import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/src/config/config.ts";
import { createRoleStore } from "../../server/src/auth/role-store.ts";
import { openDatabase } from "../../server/src/db/database.ts";
import { grantLocalComplianceOfficers } from "../../scripts/lib/local-roles.mts";
import { devAccount, signIn } from "../support/sign-in.ts";
import type { TestPlatform } from "../support/platform.ts";
import { processGroupGone, startPlatformProcess, type PlatformProcess } from "../support/start-platform-process.ts";

const ME = `{ me { address roles { role token } } }`;
const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs a Hardhat task against the chain of `npm start`, as the banner tells a user to. */
function hardhatTask(platform: PlatformProcess, args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/hardhat/internal/cli/bootstrap.js"), "--network", "localhost", ...args], {
    cwd: ROOT,
    env: { ...process.env, FOLIO_LOCAL_RPC_URL: `http://127.0.0.1:${platform.chainPort}`, FOLIO_DEPLOYMENTS_DIR: path.join(platform.dataDir, "deployments") },
    encoding: "utf8",
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`hardhat ${args.join(" ")} failed:\n${output}`);
  return output;
}

/** The running `npm start` seen through its GraphQL endpoint, as the sign-in helpers expect a platform. */
function graphqlOf(platform: PlatformProcess): TestPlatform {
  return {
    config: { publicUrl: platform.webUrl },
    async gql(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const post = () =>
        fetch(`${platform.webUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query, variables }),
        });
      // A kept-alive connection the server closed while idle fails once; a new connection then answers.
      const response = await post().catch(post);
      return response.json();
    },
  } as unknown as TestPlatform;
}

describe("npm start for a new user", () => {
  let platform: PlatformProcess;

  beforeAll(async () => {
    platform = await startPlatformProcess();
  });
  afterAll(async () => {
    if (platform && !processGroupGone(platform.child.pid!)) process.kill(-platform.child.pid!, "SIGKILL");
    platform?.cleanup();
  });

  it("makes dev account #0 platform admin and compliance officer, as GraphQL shows after signing in", async () => {
    const api = graphqlOf(platform);
    const admin = await signIn(api, 0);
    const me = await api.gql(ME, {}, admin.headers);
    expect(me.errors).toBeUndefined();
    expect(me.data.me.address).toBe(devAccount(0).address);
    const roles = me.data.me.roles.map((r: { role: string }) => r.role);
    expect(roles).toContain("PLATFORM_ADMIN");
    expect(roles).toContain("COMPLIANCE_OFFICER");

    const investor = await signIn(api, 1);
    const investorRoles = (await api.gql(ME, {}, investor.headers)).data.me.roles.map((r: { role: string }) => r.role);
    expect(investorRoles).not.toContain("PLATFORM_ADMIN");
    expect(investorRoles).not.toContain("COMPLIANCE_OFFICER");
  });

  it("says in the banner which dev account is what and what to open first", () => {
    const output = platform.output();
    const line = (index: number) => output.split("\n").find((l) => l.startsWith(`  #${index} ${devAccount(index).address}`)) ?? "";
    expect(line(0)).toContain("deployer");
    expect(line(0)).toContain("issuer");
    expect(line(0)).toContain("platform admin");
    expect(line(0)).toContain("compliance officer");
    for (const investor of [1, 2, 3, 4]) expect(line(investor)).toContain("investor");
    expect(line(9)).toContain("KYC agent (the server's key)");
    expect(output).toContain("Open first:");
    expect(output).toContain(`1. ${platform.webUrl}/`);
    expect(output).toMatch(/As #0, sign in and review it at .*\/graphql \(kycApplications, approveKycApplication\)/);
    expect(output).toContain("token:mint --token FDS");
  });

  it("runs issuer tasks on the local chain, and a token issued later is found by the tasks and the server without editing files", async () => {
    const issued = hardhatTask(platform, ["token:issue", "--name", "Later Share", "--symbol", "LTR"]);
    expect(issued).toContain(`Signing as ${devAccount(0).address} (issuer) on localhost`);
    const minted = hardhatTask(platform, ["token:mint", "--token", "LTR", "--to", devAccount(0).address, "--amount", "5"]);
    expect(minted).toContain(`Signing as ${devAccount(0).address} (agent of LTR with MINT) on localhost`);
    expect(minted).toContain(`Minted 5 LTR to ${devAccount(0).address}`);

    const api = graphqlOf(platform);
    const deadline = Date.now() + 30_000;
    let symbols: string[] = [];
    while (!symbols.includes("LTR") && Date.now() < deadline) {
      const result = await api.gql("{ tokens { symbol } }");
      symbols = (result.data?.tokens ?? []).map((t: { symbol: string }) => t.symbol);
      if (!symbols.includes("LTR")) await new Promise((r) => setTimeout(r, 250));
    }
    expect(symbols).toEqual(expect.arrayContaining(["FDS", "LTR"]));
  });

  it("prints no line that reads as a warning, and says once which development keys are in use", () => {
    const output = platform.output();
    expect(output).not.toMatch(/^.*\b(warn|warning)\b.*$/im);
    // The e2e platform logs at LOG_LEVEL=warn: no warning-level log line reaches the terminal.
    expect(output).not.toMatch(/"level":40/);
    expect(output.match(/Development defaults, fine for trying Folio out/g)).toHaveLength(1);
    expect(output).toContain("set FOLIO_AGENT_KEY to change it");
    expect(output).toContain("set FOLIO_MASTER_KEY to change it");
  });
});

describe("the local compliance officer", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-roles-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("is granted once, so a revocation survives the next start", async () => {
    const admin = devAccount(0).address;
    const config = loadConfig({ FOLIO_DATA_DIR: dataDir, FOLIO_ADMIN_ADDRESSES: admin, NODE_ENV: "test" });
    expect(await grantLocalComplianceOfficers(config, [admin])).toEqual([admin]);
    expect(await grantLocalComplianceOfficers(config, [admin])).toEqual([admin]);

    const db = await openDatabase({ dataDir: path.join(dataDir, "db") });
    try {
      expect(await createRoleStore({ db, configuredAdmins: [admin] }).revoke(admin, admin, "COMPLIANCE_OFFICER")).toBe(true);
    } finally {
      await db.close();
    }
    expect(await grantLocalComplianceOfficers(config, [admin])).toEqual([]);
  });
});
