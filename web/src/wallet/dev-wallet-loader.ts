import type { PlatformConfig } from "../api/platform-config.ts";
import type { DevWallet } from "./dev-wallet-types.ts";

let devWallet: DevWallet | null = null;

/**
 * Loads and announces the dev wallet when the server offers it (local chain, not production). Its code, with the
 * dev keys, is a separate chunk that no other page loads.
 */
export async function startDevWallet(config: PlatformConfig): Promise<DevWallet | null> {
  if (!config.devWallet || !config.rpcUrl || devWallet) return devWallet;
  const { createDevWallet } = await import("./dev/dev-wallet.ts");
  devWallet = createDevWallet({ rpcUrl: config.rpcUrl, chainId: config.chainId });
  return devWallet;
}

/** The dev wallet, when it was started. */
export const getDevWallet = (): DevWallet | null => devWallet;
