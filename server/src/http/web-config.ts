import type { Config } from "../config/config.ts";

/** The local chain of `npm start` (anvil, Hardhat). */
const LOCAL_CHAIN_ID = 31337;

/** What the web console needs to know before it can talk to the chain; served as /config.json. */
export interface WebConfig {
  chainId: number;
  /**
   * JSON-RPC endpoint for the browser, on the local chain only: elsewhere the server's endpoint may carry a provider
   * key, so browsers read the chain through their own wallet.
   */
  rpcUrl: string | null;
  /** Offer the dev wallet (the public anvil accounts): on the local chain, outside production, only. */
  devWallet: boolean;
}

export function webConfigFor(config: Pick<Config, "env" | "rpcUrl">, chainId: number): WebConfig {
  const local = chainId === LOCAL_CHAIN_ID && config.env !== "production";
  return { chainId, rpcUrl: local ? config.rpcUrl : null, devWallet: local };
}
