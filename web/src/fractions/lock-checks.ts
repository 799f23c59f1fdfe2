import { parseEventLogs, type Address, type Log, type PublicClient } from "viem";
import { artworkCertificateAbi, fractionVaultAbi, identityRegistryAbi } from "../../../deployments/abi/index.ts";
import type { CertificateFacts } from "./terms.ts";

type Reader = Pick<PublicClient, "readContract">;

export interface LockFacts extends CertificateFacts {
  collectionName: string;
  owner: Address;
  status: number;
}

/** One certificate as the chain has it now. */
export async function readCertificate(client: Reader, collection: Address, tokenId: bigint): Promise<LockFacts> {
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: collection, abi: artworkCertificateAbi, functionName, args } as never) as Promise<T>;
  const [collectionName, owner, metadataHash, metadataUri, status] = await Promise.all([
    read<string>("name"),
    read<Address>("ownerOf", [tokenId]),
    read<`0x${string}`>("contentHashOf", [tokenId]),
    read<string>("tokenURI", [tokenId]),
    read<number>("statusOf", [tokenId]),
  ]);
  return { collection, tokenId, collectionName, owner, metadataHash, metadataUri, status: Number(status) };
}

/**
 * What must hold before a lock can succeed, each in words: the wallet owns the certificate and it is active, the
 * vault accepts the collection and the wallet as a curator, and the vault is a verified investor (it receives
 * tendered shares). An empty list: nothing stands in the way.
 */
export async function lockObstacles(
  client: Reader,
  args: { vault: Address; registry: Address | null; account: Address; certificate: LockFacts },
): Promise<string[]> {
  const { vault, registry, account, certificate: c } = args;
  const read = <T>(functionName: string, fnArgs: readonly unknown[]) => client.readContract({ address: vault, abi: fractionVaultAbi, functionName, args: fnArgs } as never) as Promise<T>;
  const [curator, allowed, verified] = await Promise.all([
    read<boolean>("isCurator", [account]),
    read<boolean>("isCertificateContract", [c.collection]),
    registry ? (client.readContract({ address: registry, abi: identityRegistryAbi, functionName: "isVerified", args: [vault] }) as Promise<boolean>) : Promise.resolve(false),
  ]);
  const obstacles: string[] = [];
  if (c.owner.toLowerCase() !== account.toLowerCase()) obstacles.push(`This wallet does not hold the certificate: ${c.owner} does.`);
  if (c.status !== 1) obstacles.push("The certificate is not active: a lost, stolen, destroyed or revoked work cannot be locked.");
  if (!allowed) obstacles.push(`The vault does not accept certificates of ${c.collectionName}; the platform owner allows collections.`);
  if (!curator) obstacles.push("This wallet is not a curator of the vault; the platform owner allows the auction houses and galleries that may lock certificates.");
  if (!verified) obstacles.push("The vault is not a verified investor yet, so it could not receive tendered shares; a KYC agent must register it first.");
  return obstacles;
}

/** The vault id a confirmed lock created (its VaultLocked event), or null. */
export function lockedVaultId(logs: readonly Log[], vault: Address): bigint | null {
  const events = parseEventLogs({ abi: fractionVaultAbi, eventName: "VaultLocked", logs: logs as Log[] });
  return events.find((e) => e.address.toLowerCase() === vault.toLowerCase())?.args.vaultId ?? null;
}
