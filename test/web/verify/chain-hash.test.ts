import { encodeFunctionData } from "viem";
import { describe, expect, it } from "vitest";
import { iArtworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { contentHashOfCallData, readChainContentHash } from "../../../web/src/verify/chain-hash.ts";

const COLLECTION = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const HASH = `0x${"C0FFEE".repeat(10)}abcd`;

/** A JSON-RPC endpoint answering every call with `answer`, keeping what it was asked. */
function endpoint(answer: unknown, status = 200) {
  const asked: { url: string; body: any }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    asked.push({ url, body: JSON.parse(String(init.body)) });
    return new Response(JSON.stringify(answer), { status });
  }) as typeof fetch;
  return { asked, fetchImpl };
}

describe("reading the certificate's content hash from the chain without a chain client", () => {
  it("sends the same call data as the certificate's ABI encodes, for small and 256-bit ids", () => {
    for (const tokenId of [0n, 42n, 2n ** 256n - 1n, BigInt(`0x${"9f".repeat(32)}`)]) {
      expect(contentHashOfCallData(tokenId.toString())).toBe(encodeFunctionData({ abi: iArtworkCertificateAbi, functionName: "contentHashOf", args: [tokenId] }));
    }
  });

  it("asks eth_call of the collection at the latest block and returns the hash in lowercase", async () => {
    const { asked, fetchImpl } = endpoint({ jsonrpc: "2.0", id: 1, result: HASH });
    expect(await readChainContentHash("http://chain.test", COLLECTION, "42", fetchImpl)).toBe(HASH.toLowerCase());
    expect(asked).toEqual([{ url: "http://chain.test", body: { jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to: COLLECTION, data: contentHashOfCallData("42") }, "latest"] } }]);
  });

  it("asks nothing when the platform offers browsers no chain endpoint", async () => {
    const { asked, fetchImpl } = endpoint({ result: HASH });
    expect(await readChainContentHash(null, COLLECTION, "42", fetchImpl)).toBeNull();
    expect(asked).toEqual([]);
  });

  it("throws, so the page falls back to the index and says so, on a refusal, an HTTP error or an answer that is no hash", async () => {
    await expect(readChainContentHash("http://chain.test", COLLECTION, "42", endpoint({ error: { code: 3, message: "execution reverted" } }).fetchImpl)).rejects.toThrow("execution reverted");
    await expect(readChainContentHash("http://chain.test", COLLECTION, "42", endpoint({}, 502).fetchImpl)).rejects.toThrow("HTTP 502");
    await expect(readChainContentHash("http://chain.test", COLLECTION, "42", endpoint({ result: "0x" }).fetchImpl)).rejects.toThrow("did not answer with a content hash");
  });
});
