/** What the server says about the chain (GET /config.json, server/src/http/web-config.ts). */
export interface PlatformConfig {
  chainId: number;
  /** The browser's JSON-RPC endpoint on the local chain; elsewhere null, and the wallet's own connection is used. */
  rpcUrl: string | null;
  /** The dev wallet is offered (local chain, not production). */
  devWallet: boolean;
}

export async function loadPlatformConfig(fetchImpl: typeof fetch = fetch): Promise<PlatformConfig> {
  const response = await fetchImpl("/config.json");
  if (!response.ok) throw new Error(`The server did not answer /config.json (HTTP ${response.status})`);
  return (await response.json()) as PlatformConfig;
}
