import { createPublicClient, http, parseAbi, type Address } from "viem";

const abi = parseAbi(["function contentHashOf(uint256 tokenId) view returns (bytes32)"]);

/**
 * The certificate's content hash read straight from the chain through the platform's JSON-RPC endpoint, so the check
 * does not rest on the server's index. Null when the platform offers no endpoint to browsers.
 */
export async function readChainContentHash(rpcUrl: string | null, collection: Address, tokenId: string): Promise<string | null> {
  if (!rpcUrl) return null;
  const client = createPublicClient({ transport: http(rpcUrl, { batch: false, retryCount: 1 }) });
  const hash = await client.readContract({ address: collection, abi, functionName: "contentHashOf", args: [BigInt(tokenId)] });
  return hash.toLowerCase();
}
