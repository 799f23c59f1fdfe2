import type { Abi, Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import { readArtifact } from "./artifacts";

type Deploy = (contractName: string, args: readonly unknown[], label?: string) => Promise<Address>;

/** Deployment labels of the two artwork-certificate collections. */
export const ARTWORK_COLLECTIONS = {
  /** Anyone may own its certificates. */
  open: "ArtworkCertificate",
  /** Owners must be verified investors of the platform's identity registry. */
  verifiedOwners: "ArtworkCertificateVerifiedOwners",
} as const;

/**
 * Deploys the artwork-certificate collections, both owned by the deployer (the platform owner) and bound to the
 * platform's identity registry: an open one and one whose owners must be verified investors. On local chains the
 * deployer (dev account #0) is also authorised as an issuer of both, so the console can certify works at once.
 */
export async function deployArtworkCollections(options: {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  local: boolean;
  identityRegistry: Address;
  deploy: Deploy;
  log: (line: string) => void;
}): Promise<void> {
  const { publicClient, walletClient, local, identityRegistry, deploy, log } = options;
  const owner = walletClient.account.address;
  const open = await deploy("ArtworkCertificate", [owner, "Folio Artwork Certificates", "FART", identityRegistry, false], ARTWORK_COLLECTIONS.open);
  const verified = await deploy(
    "ArtworkCertificate",
    [owner, "Folio Verified-Owner Artwork Certificates", "FVART", identityRegistry, true],
    ARTWORK_COLLECTIONS.verifiedOwners,
  );
  if (!local) return;
  const abi = readArtifact("ArtworkCertificate").abi as Abi;
  for (const address of [open, verified]) {
    const hash = await walletClient.writeContract({
      address,
      abi,
      functionName: "authorizeIssuer",
      args: [owner],
      account: walletClient.account,
      chain: walletClient.chain ?? null,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`ArtworkCertificate.authorizeIssuer(${owner}) reverted (${hash})`);
  }
  log(`${"Artwork issuer (local)".padEnd(24)} ${owner}`);
}
