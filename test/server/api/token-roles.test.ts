import { createPublicClient, createWalletClient, http, type Address } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { createChainRoleReader } from "../../../server/src/auth/chain-roles.ts";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, prepareRoleActors } from "../../support/roles.ts";
import { devAccount, signedInClient } from "../../support/sign-in.ts";

const SET_POLICY = `mutation($t: Address!) { setTokenKycPolicy(token: $t, freezeOnSuspension: true) { token } }`;
const ME = `{ me { roles { role token } } }`;

describeEachDatabase("token roles come only from Folio's own tokens", (kind) => {
  let platform: TestPlatform;
  let client: ReturnType<typeof signedInClient>;
  let fake: Address;
  let folioToken: Address;
  const attacker = ACTORS.investor;

  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors);
    client = signedInClient(platform);
    folioToken = (await platform.app.services.tokens.listTokens())[0]!.address;
    // The attacker deploys a contract whose owner() is the attacker and whose isAgent() says yes to anyone.
    const transport = http(platform.chain.rpcUrl, { batch: false });
    const wallet = createWalletClient({ account: devAccount(attacker), transport });
    const artifact = readArtifact("FakeOwnedToken");
    const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, chain: null });
    fake = (await createPublicClient({ transport }).waitForTransactionReceipt({ hash })).contractAddress!;
    await platform.app.indexer.syncToHead();
  });
  afterAll(() => platform?.close());

  const policies = async () => (await platform.db.query("select token, freeze_on_suspension from kyc_token_settings order by token")).rows;

  it("the attacker's contract claims the roles when asked directly (what the server used to trust)", async () => {
    const raw = createChainRoleReader({ chain: await connectChain(platform.config), logger: createLogger("silent") });
    const claimed = (await raw.tokenRoles(devAccount(attacker).address, fake)).map((r) => r.role);
    expect(claimed).toEqual(["TOKEN_OWNER", "TOKEN_AGENT"]);
  });

  it("grants no token role on a contract that Folio's factory did not issue", async () => {
    expect(await platform.app.services.auth.tokenRolesOf(devAccount(attacker).address, fake)).toEqual([]);
    expect(await platform.app.services.auth.tokenRolesOf(devAccount(ACTORS.otherInvestor).address, fake)).toEqual([]);
    const me = await client.gql(attacker, ME);
    expect(me.data.me.roles.filter((r: { token: string | null }) => r.token !== null)).toEqual([]);
  });

  it("refuses a token-scoped mutation on the attacker's contract with FORBIDDEN and changes nothing", async () => {
    const before = await policies();
    for (const actor of [attacker, ACTORS.otherInvestor]) {
      const result = await client.gql(actor, SET_POLICY, { t: fake });
      expect(result.errors?.[0].extensions.code).toBe("FORBIDDEN");
      expect(result.data?.setTokenKycPolicy ?? null).toBeNull();
    }
    expect(await policies()).toEqual(before);
  });

  it("still reads the owner and agents of a token Folio issued, from that token", async () => {
    const ownerRoles = await platform.app.services.auth.tokenRolesOf(devAccount(ACTORS.owner).address, folioToken);
    expect(ownerRoles.map((r) => r.role)).toContain("TOKEN_OWNER");
    expect(await platform.app.services.auth.tokenRolesOf(devAccount(attacker).address, folioToken)).toEqual([]);
    const result = await client.gql(ACTORS.owner, SET_POLICY, { t: folioToken });
    expect(["FORBIDDEN", "UNAUTHENTICATED"]).not.toContain(result.errors?.[0]?.extensions?.code);
  });
});
