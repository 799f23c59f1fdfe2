import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { WagmiProvider, type Config } from "wagmi";
import type { PlatformConfig } from "../api/platform-config.ts";
import { SessionProvider } from "../auth/session.tsx";
import { PlatformConfigContext } from "./platform-config-context.ts";

export function Providers({ config, wagmi, queryClient, children }: { config: PlatformConfig; wagmi: Config; queryClient: QueryClient; children: ReactNode }) {
  return (
    <PlatformConfigContext.Provider value={config}>
      <WagmiProvider config={wagmi}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider chainId={config.chainId}>{children}</SessionProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </PlatformConfigContext.Provider>
  );
}
