import type { Abi, Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import { readArtifact } from "./artifacts";
import { ARTWORK_COLLECTIONS } from "./deploy-artwork";
import type { Deployment } from "./deployment";
import { investorId } from "./security-token";

/** The vault's investor id in the identity registry (an operator reference, not personal data). */
export const FRACTION_VAULT_INVESTOR = investorId("fraction-vault");
/** France (ISO 3166-1 numeric 250), as the local demo treasury. */
const VAULT_COUNTRY = 250;
/** Accredited, qualified and institution (not a US person): no share token's investor-category rule keeps it out. */
const VAULT_FLAGS = 1 | 2 | 8;
const TEN_YEARS = 10 * 365 * 24 * 3600;

type Clients = {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
};

/**
 * Makes the local platform's FractionVault usable at once, as `npm start` promises: both certificate collections
 * allowed (and pointing back at the vault), the deployer (dev account #0, the local artwork issuer) allowed as a curator, and the vault registered as a
 * verified investor (it receives tendered shares under each share token's rules) by the deployer, who is the local
 * registry's first KYC agent. Each step is skipped when already done, so a restored chain is brought up to date too.
 * Real networks leave all three to the platform owner and its compliance officers.
 */
export async function prepareLocalFractionVault(clients: Clients, contracts: Deployment["contracts"], log: (line: string) => void = () => {}): Promise<void> {
  const vault = contracts.FractionVault?.address;
  const registry = contracts.IdentityRegistry?.address;
  if (!vault || !registry) return;
  const { publicClient, walletClient } = clients;
  const deployer = walletClient.account.address;
  const vaultAbi = readArtifact("FractionVault").abi as Abi;
  const registryAbi = readArtifact("IdentityRegistry").abi as Abi;
  const certificateAbi = readArtifact("ArtworkCertificate").abi as Abi;
  const read = (address: Address, abi: Abi, functionName: string, args: readonly unknown[]) => publicClient.readContract({ address, abi, functionName, args });
  const write = async (address: Address, abi: Abi, functionName: string, args: readonly unknown[]) => {
    const hash = await walletClient.writeContract({ address, abi, functionName, args, account: walletClient.account, chain: walletClient.chain ?? null });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`FractionVault set-up: ${functionName} reverted (${hash})`);
  };

  for (const label of Object.values(ARTWORK_COLLECTIONS)) {
    const certificate = contracts[label]?.address;
    if (certificate && !(await read(vault, vaultAbi, "isCertificateContract", [certificate]))) await write(vault, vaultAbi, "setCertificateContract", [certificate, true]);
    // The collection refuses forced moves out of the vault while a certificate is locked there.
    if (certificate && String(await read(certificate, certificateAbi, "fractionVault", [])).toLowerCase() !== vault.toLowerCase()) await write(certificate, certificateAbi, "setFractionVault", [vault]);
  }
  if (!(await read(vault, vaultAbi, "isCurator", [deployer]))) await write(vault, vaultAbi, "setCurator", [deployer, true]);
  if (!(await read(registry, registryAbi, "isVerified", [vault]))) {
    if (!(await read(registry, registryAbi, "isAgent", [deployer]))) {
      log(`${"FractionVault".padEnd(24)} not a verified investor yet: a KYC agent must register ${vault}`);
      return;
    }
    const now = Number((await publicClient.getBlock()).timestamp);
    await write(registry, registryAbi, "registerInvestor", [FRACTION_VAULT_INVESTOR, vault, VAULT_COUNTRY, BigInt(now + TEN_YEARS), VAULT_FLAGS]);
  }
  log(`${"FractionVault (local)".padEnd(24)} curator ${deployer}, certificates allowed, vault verified`);
}
