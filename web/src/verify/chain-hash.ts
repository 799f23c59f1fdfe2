import type { Address } from "viem";

/**
 * The selector of `contentHashOf(uint256)` (the first 4 bytes of the signature's keccak256), written out so the public
 * page reads this one view with a plain JSON-RPC call: a chain client would add some 200 kB of script to a page a
 * visitor opens from a QR label. test/web/verify/chain-hash.test.ts checks it against the certificate's ABI.
 */
export const CONTENT_HASH_OF_SELECTOR = "0x2728705a";

/** The eth_call data of `contentHashOf(tokenId)`: the selector and the id as one 32-byte word. */
export const contentHashOfCallData = (tokenId: string) => `${CONTENT_HASH_OF_SELECTOR}${BigInt(tokenId).toString(16).padStart(64, "0")}`;

/**
 * The certificate's content hash read straight from the chain through the platform's JSON-RPC endpoint, so the check
 * does not rest on the server's index. Null when the platform offers no endpoint to browsers; throws when the chain
 * does not answer with a bytes32 (the caller then falls back to the index and says so).
 */
export async function readChainContentHash(rpcUrl: string | null, collection: Address, tokenId: string, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  if (!rpcUrl) return null;
  const response = await fetchImpl(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to: collection, data: contentHashOfCallData(tokenId) }, "latest"] }),
  });
  if (!response.ok) throw new Error(`The chain endpoint answered HTTP ${response.status}`);
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) throw new Error(`The chain refused the call: ${body.error.message ?? "no reason given"}`);
  if (typeof body.result !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(body.result)) throw new Error("The chain did not answer with a content hash");
  return body.result.toLowerCase();
}
