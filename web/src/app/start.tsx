import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { loadPlatformConfig } from "../api/platform-config.ts";
import { createQueryClient } from "../api/query-client.ts";
import { startDevWallet } from "../wallet/dev-wallet-loader.ts";
import { createWagmiConfig } from "../wallet/wagmi-config.ts";
import { Providers } from "./Providers.tsx";
import { routes } from "./routes.tsx";

/** Reads the server's chain settings, announces the dev wallet where offered, then renders the console. */
export async function startConsole(root: HTMLElement) {
  const reactRoot = createRoot(root);
  try {
    const config = await loadPlatformConfig();
    // The public verification page needs no wallet: it renders at once while the dev wallet is announced.
    const devWallet = startDevWallet(config);
    if (!window.location.pathname.startsWith("/verify/")) await devWallet;
    const router = createBrowserRouter(routes);
    reactRoot.render(
      <StrictMode>
        <Providers config={config} wagmi={createWagmiConfig(config)} queryClient={createQueryClient()}>
          <RouterProvider router={router} />
        </Providers>
      </StrictMode>,
    );
  } catch (error) {
    reactRoot.render(
      <main>
        <h1>Folio could not start</h1>
        <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  }
}
