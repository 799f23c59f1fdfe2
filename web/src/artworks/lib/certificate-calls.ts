import { BaseError, ContractFunctionRevertedError, decodeFunctionData, isAddressEqual, type Address, type Hex, type PublicClient } from "viem";
import { artworkCertificateAbi } from "../../../../deployments/abi/index.ts";
import type { Preflight } from "../../tx/preflight.ts";
import type { ContractCall } from "../../tx/send-contract-call.ts";
import { describeArtworkRevert } from "./artwork-errors.ts";

type Reader = Pick<PublicClient, "readContract" | "simulateContract">;

/** A call on a certificate collection, in the shape web/src/tx sends. */
export const certificateCall = (collection: Address, functionName: string, args: readonly unknown[]): ContractCall =>
  ({ address: collection, abi: artworkCertificateAbi, functionName, args });

/**
 * The server's unsigned mint transaction (artworkMintCall) as a contract call, after checking it is what the page
 * asked for: mint on the artwork's collection of exactly this metadata hash.
 */
export function mintCallFromServer(tx: { to: Address; data: Hex }, collection: Address, metadataSha256: string): ContractCall {
  if (!isAddressEqual(tx.to, collection)) throw new Error(`The server's mint transaction goes to ${tx.to}, not the collection ${collection}`);
  const decoded = decodeFunctionData({ abi: artworkCertificateAbi, data: tx.data });
  if (decoded.functionName !== "mint" || decoded.args[1].toLowerCase() !== `0x${metadataSha256}`) {
    throw new Error("The server's mint transaction does not mint this artwork's metadata hash");
  }
  return certificateCall(collection, "mint", decoded.args);
}

/** The collection's ERC-1404 message for a restriction code. */
export const restrictionMessage = async (client: Reader, collection: Address, code: number) =>
  String(await client.readContract({ address: collection, abi: artworkCertificateAbi, functionName: "messageForTransferRestriction", args: [code] }));

/**
 * A pre-flight for any certificate call: simulated as `account`, and a revert put into the contract's words
 * (the wallet then never opens). `check` runs first for rules the page explains itself.
 */
export async function simulatePreflight(client: Reader, call: ContractCall, account: Address, check?: () => Promise<Preflight | null>): Promise<Preflight> {
  const early = await check?.();
  if (early) return early;
  try {
    await client.simulateContract({ ...call, account } as Parameters<Reader["simulateContract"]>[0]);
    return { allowed: true };
  } catch (error) {
    const reverted = error instanceof BaseError ? (error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null) : null;
    const name = reverted?.data?.errorName;
    if (!name) throw error;
    const args = reverted.data?.args ?? [];
    const code = name === "ArtworkCertificateTransferRestricted" ? Number(args[1]) : 255;
    const message = code !== 255 ? await restrictionMessage(client, call.address, code) : "";
    return { allowed: false, code, reason: describeArtworkRevert(name, args, () => message) ?? name };
  }
}

/**
 * The transfer rules, asked of the collection before the wallet opens: ERC-7943 canTransfer, and when it says no,
 * the ERC-1404 code and message (a lost, stolen, destroyed or revoked certificate; in a verified-owners collection
 * a buyer who is not a verified investor).
 */
export async function checkCertificateTransfer(client: Reader, collection: Address, from: Address, to: Address, tokenId: bigint): Promise<Preflight | null> {
  const read = <T>(functionName: string, args: readonly unknown[]) =>
    client.readContract({ address: collection, abi: artworkCertificateAbi, functionName, args } as Parameters<Reader["readContract"]>[0]) as Promise<T>;
  if (await read<boolean>("canTransfer", [from, to, tokenId])) return null;
  const code = Number(await read<number>("detectTransferRestriction", [from, to, tokenId]));
  const verifiedOnly = await read<boolean>("verifiedOwnersOnly", []);
  const hint = verifiedOnly && (code === 3 || code === 4 || code === 5)
    ? "This collection admits only verified investors of the platform as owners: the buyer must complete KYC first."
    : undefined;
  const reason = await restrictionMessage(client, collection, code);
  return hint ? { allowed: false, code, reason, hint } : { allowed: false, code, reason };
}
