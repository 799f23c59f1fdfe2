import { createPublicClient, http, webSocket, type PublicClient } from "viem";
import { FolioError } from "../errors.ts";
import { loadDeployment, type Deployment } from "./deployment.ts";

export interface Chain {
  readonly chainId: number;
  readonly client: PublicClient;
  readonly deployment: Deployment;
}

/** Connects to the JSON-RPC endpoint and loads the Folio deployment for its chain id. */
export async function connectChain(options: { rpcUrl: string; deploymentsDir: string }): Promise<Chain> {
  const transport = options.rpcUrl.startsWith("ws") ? webSocket(options.rpcUrl) : http(options.rpcUrl, { batch: false });
  const client = createPublicClient({ transport, pollingInterval: 250 });
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (cause) {
    throw new FolioError("CHAIN_UNREACHABLE", `Cannot reach the chain at FOLIO_RPC_URL`, { cause });
  }
  return { chainId, client, deployment: loadDeployment(options.deploymentsDir, chainId) };
}

/**
 * The gas limit of the latest block: no transaction needing more can be mined. The outbox refuses such writes
 * before they take a nonce; callers that batch writes (CSV imports) size their batches below it.
 */
export async function blockGasLimit(client: PublicClient): Promise<bigint> {
  return (await client.getBlock({ blockTag: "latest" })).gasLimit;
}
