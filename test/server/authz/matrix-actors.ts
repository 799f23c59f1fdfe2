import { createPublicClient, createWalletClient, http, type Address } from "viem";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { AgentPermission } from "../../../lib/agent-permissions.ts";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { issueToken, NO_RULES, ZERO_ADDRESS } from "../../../scripts/lib/security-token.ts";
import type { Role } from "../../../server/src/auth/roles.ts";
import { ACTORS, prepareRoleActors } from "../../support/roles.ts";
import { devAccount } from "../../support/sign-in.ts";
import type { Rule } from "./policy.ts";

/** What one caller of the matrix is: its dev account (null: anonymous) and what it holds on the token under test. */
export interface Actor {
  index: number | null;
  /** Roles held platform-wide, as `me` reports them (token-scoped roles of other tokens left out). */
  roles: Role[];
  /** TOKEN_OWNER or the agent permission bits held on the token under test. */
  token?: { owner: true } | { agentBits: number };
  /** The investor whose records the samples read (INVESTOR_ID in test/support/roles.ts). */
  self?: true;
  /** Verified in the IdentityRegistry. */
  verified?: true;
}

const FOREIGN_ISSUER = 3;
const AGENT_WITHOUT_BIT = 4;
/** The one power the agent without the bit holds: none that the server borrows. */
const AGENT_WITHOUT_BIT_PERMISSIONS = AgentPermission.DOCUMENTS;

/**
 * The roles of the matrix: those the authorization issue names, and the token's own owner and full agent, so that
 * every issuer-only field also has callers that pass. The token under test is the demo token (deployment.tokens[0]).
 */
export const MATRIX_ACTORS: Record<string, Actor> = {
  anonymous: { index: null, roles: [] },
  investor: { index: ACTORS.investor, roles: [], self: true, verified: true },
  otherInvestor: { index: ACTORS.otherInvestor, roles: [], verified: true },
  /** Owner of a second token issued through the factory: an issuer, but not of this token. */
  foreignIssuer: { index: FOREIGN_ISSUER, roles: [] },
  agentWithoutBit: { index: AGENT_WITHOUT_BIT, roles: [], token: { agentBits: AGENT_WITHOUT_BIT_PERMISSIONS } },
  compliance: { index: ACTORS.compliance, roles: ["COMPLIANCE_OFFICER"] },
  auditor: { index: ACTORS.auditor, roles: ["AUDITOR"] },
  admin: { index: ACTORS.admin, roles: ["PLATFORM_ADMIN"] },
  /** Dev #0 deploys everything: the token's owner, the registry's owner and KYC agent, the artwork issuer. */
  issuer: { index: ACTORS.owner, roles: ["REGISTRY_OWNER", "KYC_AGENT", "ARTWORK_ISSUER"], token: { owner: true }, verified: true },
  tokenAgent: { index: ACTORS.tokenAgent, roles: [], token: { agentBits: AgentPermission.ALL } },
};

export const AUTH_CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN", "INVESTOR_NOT_VERIFIED"]);

/**
 * The answer `rule` gives `actor`: "allowed", or the code of the refusal. `self` says whether the record at hand is
 * the actor's own (reads through myApplication are, whoever calls).
 */
export function decide(rule: Rule, actor: Actor, self = actor.self ?? false): string {
  if (rule.anyone) return "allowed";
  if (actor.index === null) return "UNAUTHENTICATED";
  if (rule.signedIn || (rule.self && self)) return "allowed";
  if (rule.roles?.some((role) => actor.roles.includes(role))) return "allowed";
  if (rule.token && actor.token) {
    if ("owner" in actor.token) return "allowed";
    const needed = rule.token.permission ? AgentPermission[rule.token.permission] : AgentPermission.ALL;
    if ((actor.token.agentBits & needed) !== 0) return "allowed";
  }
  if (rule.verifiedInvestor) return actor.verified ? "allowed" : "INVESTOR_NOT_VERIFIED";
  return rule.hiddenAs ?? "FORBIDDEN";
}

/**
 * The startTestPlatform `prepare` step of the matrix: the shared role actors, a second token owned by the foreign
 * issuer, the agent without the bit, and a balance for the investor so that a round has someone to pay.
 */
export async function prepareMatrixActors(setup: { rpcUrl: string; deploymentsDir: string }): Promise<void> {
  await prepareRoleActors(setup);
  const transport = http(setup.rpcUrl, { batch: false });
  const publicClient = createPublicClient({ transport });
  const owner = createWalletClient({ account: devAccount(ACTORS.owner), transport });
  const deployment = readDeployment(LOCAL_CHAIN_ID, setup.deploymentsDir)!;
  const token = deployment.tokens[0] as Address;
  const send = async (functionName: "setAgentPermissions" | "mint", args: readonly unknown[]) => {
    const hash = await owner.writeContract({ address: token, abi: securityTokenAbi, functionName, args, chain: null } as never);
    if ((await publicClient.waitForTransactionReceipt({ hash })).status !== "success") throw new Error(`${functionName} reverted`);
  };
  await send("setAgentPermissions", [devAccount(AGENT_WITHOUT_BIT).address, AGENT_WITHOUT_BIT_PERMISSIONS]);
  await send("mint", [devAccount(ACTORS.investor).address, 1_000n * 10n ** 18n]);
  await issueToken({
    publicClient: publicClient as never,
    walletClient: owner as never,
    factory: deployment.contracts.TokenFactory!.address as Address,
    config: {
      name: "Other Issuer Share", symbol: "OIS", decimals: 18, owner: devAccount(FOREIGN_ISSUER).address,
      identityRegistry: ZERO_ADDRESS, onchainID: ZERO_ADDRESS, rules: NO_RULES, documents: [], agents: [],
    },
  });
}
