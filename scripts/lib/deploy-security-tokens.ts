import type { Abi, Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { readArtifact } from "./artifacts";
import { AgentPermission, investorId, issueToken, NO_RULES, ZERO_ADDRESS } from "./security-token";

type Deploy = (
  contractName: string,
  args: readonly unknown[],
  label?: string,
  libraries?: Record<string, Address>,
) => Promise<Address>;

const TEN_YEARS = 10 * 365 * 24 * 3600;

/**
 * Deploys the identity registry, the SecurityTokenOps library and the token factory. On local chains it also
 * deploys the demo digital cash (CashToken) and issues a demo security token (FDS) to a demo treasury investor, the
 * deployer, who is the registry's first KYC agent there. Returns the tokens issued.
 */
export async function deploySecurityTokenSuite(options: {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  local: boolean;
  deploy: Deploy;
  log: (line: string) => void;
}): Promise<Address[]> {
  const { publicClient, walletClient, local, deploy, log } = options;
  const owner = walletClient.account.address;
  const registry = await deploy("IdentityRegistry", [owner]);
  const ops = await deploy("SecurityTokenOps", []);
  const factory = await deploy("TokenFactory", [owner, registry], "TokenFactory", { SecurityTokenOps: ops });
  if (!local) return [];

  const cash = await deploy("CashToken", [owner, "Folio Demo Cash", "FCASH", 6]);
  const write = async (address: Address, contractName: string, functionName: string, args: readonly unknown[]) => {
    const hash = await walletClient.writeContract({
      address,
      abi: readArtifact(contractName).abi as Abi,
      functionName,
      args,
      account: walletClient.account,
      chain: walletClient.chain ?? null,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${contractName}.${functionName} reverted (${hash})`);
  };
  await write(cash, "CashToken", "mint", [owner, 10_000_000n * 10n ** 6n]);
  await write(registry, "IdentityRegistry", "addAgent", [owner]);
  const now = Number((await publicClient.getBlock()).timestamp);
  await write(registry, "IdentityRegistry", "registerInvestor", [investorId("demo-treasury"), owner, 250, BigInt(now + TEN_YEARS), 9]);
  const { token } = await issueToken({
    publicClient,
    walletClient,
    factory,
    config: {
      name: "Folio Demo Share",
      symbol: "FDS",
      decimals: 18,
      owner,
      identityRegistry: ZERO_ADDRESS,
      onchainID: ZERO_ADDRESS,
      rules: NO_RULES,
      documents: [],
      agents: [{ agent: owner, permissions: AgentPermission.ALL }],
    },
  });
  await write(token, "SecurityToken", "mint", [owner, 1_000_000n * 10n ** 18n]);
  log(`${"DemoToken (FDS)".padEnd(24)} ${token}  (issued through TokenFactory)`);
  return [token as Hex];
}
