import type { Abi, Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { readArtifact } from "./artifacts";
import type { Deployment } from "./deployment";

export interface DeployPlatformOptions {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Local chains also get demo assets (a demo token); real networks get the platform contracts only. */
  local: boolean;
  log?: (line: string) => void;
}

/** Deploys Folio's contracts with the wallet client's account and returns the deployment record. */
export async function deployPlatform(options: DeployPlatformOptions): Promise<Deployment> {
  const { publicClient, walletClient, local } = options;
  const log = options.log ?? (() => {});
  const chainId = await publicClient.getChainId();
  const contracts: Deployment["contracts"] = {};

  const deploy = async (contractName: string, args: readonly unknown[], label = contractName) => {
    const artifact = readArtifact(contractName);
    const hash = await walletClient.deployContract({
      abi: artifact.abi as Abi,
      bytecode: artifact.bytecode as Hex,
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

  const tokens: Address[] = [];
  if (local) {
    tokens.push(await deploy("PlaceholderToken", ["Folio Demo Share", "FDS", 1_000_000n * 10n ** 18n], "DemoToken"));
  }

  const blocks = Object.values(contracts).map((c) => c.block);
  return { chainId, deploymentBlock: blocks.length ? Math.min(...blocks) : 0, contracts, tokens };
}
