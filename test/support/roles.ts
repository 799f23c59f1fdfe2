import { createPublicClient, createWalletClient, http, parseAbi, zeroHash, type Address, type Hex } from "viem";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import { readDeployment, writeDeployment } from "../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../scripts/lib/local-chain.ts";
import type { PlatformRole } from "../../server/src/auth/roles.ts";
import type { TestPlatform } from "./platform.ts";
import { devAccount } from "./sign-in.ts";

/**
 * Dev accounts with one role each, for authorization tests:
 * #0 deploys the platform (REGISTRY_OWNER, and TOKEN_OWNER of tokens that have an owner), #1 a plain investor
 * with a second wallet #15, #2 another investor, #10 PLATFORM_ADMIN (FOLIO_ADMIN_ADDRESSES), #11 COMPLIANCE_OFFICER,
 * #12 AUDITOR (granted in the database by `grantPlatformRole`), #13 KYC_AGENT of the registry, #14 TOKEN_AGENT.
 */
export const ACTORS = {
  owner: 0, investor: 1, otherInvestor: 2, admin: 10, compliance: 11, auditor: 12, kycAgent: 13, tokenAgent: 14, investorSecondWallet: 15,
} as const;

export const INVESTOR_ID = `0x${"f01".padEnd(64, "0")}` as Hex;
export const OTHER_INVESTOR_ID = `0x${"f02".padEnd(64, "0")}` as Hex;

const registryAbi = parseAbi([
  "function addAgent(address agent)",
  "function isAgent(address agent) view returns (bool)",
  "function investorOf(address wallet) view returns (bytes32)",
  "function registerInvestor(bytes32 investorId, address wallet, uint16 country, uint64 kycValidUntil, uint8 flags)",
  "function addWallet(bytes32 investorId, address wallet)",
]);

/** Grants dev account `index` a platform role directly in the database (no admin, no audit entry). */
export async function grantPlatformRole(platform: Pick<TestPlatform, "db">, index: number, role: PlatformRole): Promise<void> {
  await platform.db.query("insert into user_roles (address, role) values ($1, $2)", [devAccount(index).address, role]);
}

/** The FOLIO_ADMIN_ADDRESSES setting that makes #10 the bootstrap admin. */
export const adminEnv = () => ({ FOLIO_ADMIN_ADDRESSES: devAccount(ACTORS.admin).address });

/**
 * A `prepare` step for startTestPlatform: makes sure an IdentityRegistry is deployed (deploying one from its
 * artifact while the platform's deploy script does not yet), makes #13 its KYC agent, registers the investors, and
 * makes #14 an agent of the demo token when the token has agents. Returns whether the token has agents.
 */
export async function prepareRoleActors({ rpcUrl, deploymentsDir }: { rpcUrl: string; deploymentsDir: string }): Promise<{ tokenAgents: boolean }> {
  const transport = http(rpcUrl, { batch: false });
  const publicClient = createPublicClient({ transport });
  const owner = createWalletClient({ account: devAccount(ACTORS.owner), transport });
  const send = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };

  const deployment = readDeployment(LOCAL_CHAIN_ID, deploymentsDir)!;
  if (!deployment.contracts.IdentityRegistry) {
    const artifact = readArtifact("IdentityRegistry");
    const receipt = await send(owner.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [owner.account.address], chain: null }));
    deployment.contracts.IdentityRegistry = { address: receipt.contractAddress!, block: Number(receipt.blockNumber) };
    writeDeployment(deployment, deploymentsDir);
  }
  const registry = deployment.contracts.IdentityRegistry.address as Address;
  const call = (functionName: "addAgent" | "registerInvestor" | "addWallet", args: readonly unknown[]) =>
    send(owner.writeContract({ address: registry, abi: registryAbi, functionName, args, chain: null } as never));
  const investorOf = (wallet: Address) => publicClient.readContract({ address: registry, abi: registryAbi, functionName: "investorOf", args: [wallet] });

  // The owner acts as KYC agent for the set-up writes, and #13 becomes the agent under test.
  for (const agent of [devAccount(ACTORS.owner).address, devAccount(ACTORS.kycAgent).address]) {
    if (!(await publicClient.readContract({ address: registry, abi: registryAbi, functionName: "isAgent", args: [agent] }))) await call("addAgent", [agent]);
  }
  const validUntil = BigInt(Math.floor(Date.now() / 1000) + 365 * 86400);
  for (const [index, id, flags] of [[ACTORS.investor, INVESTOR_ID, 1 | 8], [ACTORS.otherInvestor, OTHER_INVESTOR_ID, 2]] as const) {
    if ((await investorOf(devAccount(index).address)) === zeroHash) await call("registerInvestor", [id, devAccount(index).address, 250, validUntil, flags]);
  }
  const investorId = await investorOf(devAccount(ACTORS.investor).address);
  if ((await investorOf(devAccount(ACTORS.investorSecondWallet).address)) === zeroHash) {
    await call("addWallet", [investorId, devAccount(ACTORS.investorSecondWallet).address]);
  }

  // Tokens with ERC-3643 agents get #14 as an agent; a token without them (a plain ERC-20) has no TOKEN_AGENT.
  let tokenAgents = true;
  for (const token of deployment.tokens as Address[]) {
    try {
      await send(owner.writeContract({ address: token, abi: registryAbi, functionName: "addAgent", args: [devAccount(ACTORS.tokenAgent).address], chain: null }));
    } catch {
      tokenAgents = false;
    }
  }
  return { tokenAgents };
}
