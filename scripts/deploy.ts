// Deploys Folio to the network Hardhat was started with and writes deployments/<chainId>.json.
//   npx hardhat run scripts/deploy.ts --network <name>
import hre from "hardhat";
import { createPublicClient, createWalletClient, custom, getAddress } from "viem";
import { deployPlatform } from "./lib/deploy-platform";
import { writeDeployment } from "./lib/deployment";

const LOCAL_CHAIN_IDS = new Set([31337, 1337]);

async function main() {
  const transport = custom(hre.network.provider);
  const publicClient = createPublicClient({ transport });
  const [address] = (await hre.network.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
  if (!address) throw new Error(`Network ${hre.network.name} has no account to deploy with (set FOLIO_DEPLOYER_KEY)`);
  const walletClient = createWalletClient({ account: address, transport });
  const chainId = await publicClient.getChainId();
  const deployment = await deployPlatform({
    publicClient,
    walletClient,
    local: LOCAL_CHAIN_IDS.has(chainId),
    // The server's agent address (of FOLIO_AGENT_KEY), made a KYC agent of the IdentityRegistry.
    kycAgent: process.env.FOLIO_KYC_AGENT_ADDRESS ? getAddress(process.env.FOLIO_KYC_AGENT_ADDRESS) : undefined,
    log: console.log,
  });
  console.log(`Deployment written to ${writeDeployment(deployment)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
