import { createConfig, http, injected, unstable_connector } from "wagmi";
import { defineChain } from "viem";
import type { PlatformConfig } from "../api/platform-config.ts";

/** The chain the server works on, as /config.json describes it. */
export function platformChain(config: PlatformConfig) {
  return defineChain({
    id: config.chainId,
    name: config.chainId === 31337 ? "Local chain" : `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: config.rpcUrl ? [config.rpcUrl] : [] } },
  });
}

/**
 * wagmi for the server's chain. Wallets are found through EIP-6963 (multiInjectedProviderDiscovery), the dev wallet
 * among them on the local chain. Reads go to the local RPC when the server names one, else through the wallet.
 */
export function createWagmiConfig(config: PlatformConfig) {
  const chain = platformChain(config);
  return createConfig({
    chains: [chain],
    connectors: [],
    multiInjectedProviderDiscovery: true,
    transports: { [chain.id]: config.rpcUrl ? http(config.rpcUrl) : unstable_connector(injected) },
  });
}
