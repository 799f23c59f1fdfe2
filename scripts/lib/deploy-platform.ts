import type { Abi, Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { readArtifact } from "./artifacts";
import { deployArtworkCollections } from "./deploy-artwork";
import type { Deployment } from "./deployment";
import { deploySecurityTokenSuite } from "./deploy-security-tokens";
import { prepareLocalFractionVault } from "./deploy-vault";
import { linkedBytecode } from "./security-token";

export interface DeployPlatformOptions {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Local chains also get demo assets (a demo token); real networks get the platform contracts only. */
  local: boolean;
  /** The server's agent key address (FOLIO_AGENT_KEY): made a KYC agent of the IdentityRegistry. */
  kycAgent?: Address;
  log?: (line: string) => void;
}

/** Deploys Folio's contracts with the wallet client's account and returns the deployment record. */
export async function deployPlatform(options: DeployPlatformOptions): Promise<Deployment> {
  const { publicClient, walletClient, local } = options;
  const log = options.log ?? (() => {});
  const chainId = await publicClient.getChainId();
  const contracts: Deployment["contracts"] = {};

  const deploy = async (
    contractName: string,
    args: readonly unknown[],
    label = contractName,
    libraries?: Record<string, Address>,
  ) => {
    const artifact = readArtifact(contractName);
    const hash = await walletClient.deployContract({
      abi: artifact.abi as Abi,
      bytecode: libraries ? linkedBytecode(contractName, libraries) : (artifact.bytecode as Hex),
      args,
      account: walletClient.account,
      chain: walletClient.chain ?? null,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) throw new Error(`Deploying ${label} reverted (${hash})`);
    contracts[label] = { address: receipt.contractAddress, block: Number(receipt.blockNumber) };
    log(`${label.padEnd(24)} ${receipt.contractAddress}  (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
    return receipt.contractAddress as Address;
  };

  // Security tokens: the shared identity registry, the agent-operations library and the factory; locally also the
  // demo digital cash and a demo security token issued through the factory.
  const tokens: Address[] = await deploySecurityTokenSuite({ publicClient, walletClient, local, deploy, log });

  // Income distributions: one Distributor per platform, bound to the platform's identity registry (deployed above).
  const identityRegistry = contracts.IdentityRegistry?.address;
  if (identityRegistry) await deploy("Distributor", [identityRegistry]);
  else log("Distributor               skipped: no IdentityRegistry deployed");
  // Artwork certificates: an open collection and a verified-owners one, both reading the same registry.
  if (identityRegistry) await deployArtworkCollections({ publicClient, walletClient, local, identityRegistry: identityRegistry as Address, deploy, log });

  // Fractional ownership of artworks: one FractionVault per platform holds every locked certificate, allowed to issue
  // share tokens through the factory. It receives tendered shares under the tokens' rules, so a KYC agent must also
  // register it as a verified investor before the first lock (a compliance decision, not made here).
  const tokenFactory = contracts.TokenFactory?.address;
  if (tokenFactory) await allowFractionVault(options, await deploy("FractionVault", [walletClient.account.address, tokenFactory]), tokenFactory as Address);
  // Locally the vault is ready at once: collections allowed, dev account #0 a curator, the vault verified.
  if (local) await prepareLocalFractionVault({ publicClient, walletClient }, contracts, log);

  // Secondary market: one Settlement per platform (EIP-712 orders, delivery versus payment); the deployer is its admin.
  const settlement = await deploy("Settlement", [walletClient.account.address]);
  // The server's key settles the matching engine's trades (settle), which needs the Settlement's operator role.
  if (options.kycAgent) await grantSettlementOperator(options, settlement, options.kycAgent, log);

  // The server writes the whitelist (KYC decisions) with its own key, so that key must be a registry agent.
  if (options.kycAgent && identityRegistry) await grantKycAgent(options, identityRegistry as Address, options.kycAgent, log);

  const blocks = Object.values(contracts).map((c) => c.block);
  return { chainId, deploymentBlock: blocks.length ? Math.min(...blocks) : 0, contracts, tokens };
}

/** Makes `agent` a KYC agent of the registry (the deployer owns it), unless it already is one. */
export async function grantKycAgent(
  options: Pick<DeployPlatformOptions, "publicClient" | "walletClient">,
  registry: Address,
  agent: Address,
  log: (line: string) => void = () => {},
): Promise<void> {
  const { publicClient, walletClient } = options;
  const abi = readArtifact("IdentityRegistry").abi as Abi;
  if (await publicClient.readContract({ address: registry, abi, functionName: "isAgent", args: [agent] })) return;
  const hash = await walletClient.writeContract({ address: registry, abi, functionName: "addAgent", args: [agent], account: walletClient.account, chain: walletClient.chain ?? null });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`IdentityRegistry.addAgent(${agent}) reverted (${hash})`);
  log(`${"KYC agent (server key)".padEnd(24)} ${agent}`);
}

/** Gives `operator` the Settlement's OPERATOR_ROLE (the deployer is its admin), unless it already has it. */
export async function grantSettlementOperator(
  options: Pick<DeployPlatformOptions, "publicClient" | "walletClient">,
  settlement: Address,
  operator: Address,
  log: (line: string) => void = () => {},
): Promise<void> {
  const { publicClient, walletClient } = options;
  const abi = readArtifact("Settlement").abi as Abi;
  const role = (await publicClient.readContract({ address: settlement, abi, functionName: "OPERATOR_ROLE" })) as Hex;
  if (await publicClient.readContract({ address: settlement, abi, functionName: "hasRole", args: [role, operator] })) return;
  const hash = await walletClient.writeContract({ address: settlement, abi, functionName: "grantRole", args: [role, operator], account: walletClient.account, chain: walletClient.chain ?? null });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`Settlement.grantRole(OPERATOR_ROLE, ${operator}) reverted (${hash})`);
  log(`${"Settlement operator".padEnd(24)} ${operator}`);
}

/** Allows the fraction vault to issue share tokens through the factory (the deployer owns the factory). */
async function allowFractionVault(options: Pick<DeployPlatformOptions, "publicClient" | "walletClient">, vault: Address, factory: Address): Promise<void> {
  const { publicClient, walletClient } = options;
  const hash = await walletClient.writeContract({ address: factory, abi: readArtifact("TokenFactory").abi as Abi, functionName: "setIssuer", args: [vault, true], account: walletClient.account, chain: walletClient.chain ?? null });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`TokenFactory.setIssuer(${vault}) reverted (${hash})`);
}
