import { createPublicClient, createWalletClient, http, type Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { artifactsFingerprint } from "./artifacts";
import { deployPlatform, grantKycAgent, grantSettlementOperator } from "./deploy-platform";
import { prepareLocalFractionVault } from "./deploy-vault";
import { readDeployment, writeDeployment, type Deployment, DEPLOYMENTS_DIR } from "./deployment";
import { DEV_MNEMONIC } from "./local-chain";

/**
 * Deploys Folio to a local chain unless the recorded deployment is still there (the chain state was restored) and was
 * made from the contracts as compiled now.
 * Returns the deployment and whether it is new.
 */
export async function ensureLocalDeployment(options: {
  rpcUrl: string;
  deploymentsDir?: string;
  /** The server's agent address, made a KYC agent of the registry (also on a restored chain). */
  kycAgent?: Address;
  log?: (line: string) => void;
}): Promise<{ deployment: Deployment; fresh: boolean }> {
  const dir = options.deploymentsDir ?? DEPLOYMENTS_DIR;
  const transport = http(options.rpcUrl, { batch: false });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const chainId = await publicClient.getChainId();
  const existing = readDeployment(chainId, dir);
  const walletClient = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC), transport });
  const fingerprint = artifactsFingerprint();
  if (existing && existing.artifactsFingerprint === fingerprint && (await allDeployed(publicClient, existing))) {
    const registry = existing.contracts.IdentityRegistry?.address as Address | undefined;
    if (options.kycAgent && registry) await grantKycAgent({ publicClient, walletClient }, registry, options.kycAgent, options.log);
    const settlement = existing.contracts.Settlement?.address as Address | undefined;
    if (options.kycAgent && settlement) await grantSettlementOperator({ publicClient, walletClient }, settlement, options.kycAgent, options.log);
    await prepareLocalFractionVault({ publicClient, walletClient }, existing.contracts, options.log);
    return { deployment: existing, fresh: false };
  }

  const deployment = {
    ...(await deployPlatform({ publicClient, walletClient, local: true, kycAgent: options.kycAgent, log: options.log })),
    artifactsFingerprint: fingerprint,
  };
  writeDeployment(deployment, dir);
  return { deployment, fresh: true };
}

async function allDeployed(client: ReturnType<typeof createPublicClient>, deployment: Deployment): Promise<boolean> {
  const codes = await Promise.all(
    Object.values(deployment.contracts).map((c) => client.getCode({ address: c.address as Address })),
  );
  return codes.every((code) => code !== undefined && code !== "0x");
}
