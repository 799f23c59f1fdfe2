import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { loadPlatformConfig } from "../api/platform-config.ts";
import { createQueryClient } from "../api/query-client.ts";
import { PlatformConfigContext } from "../app/platform-config-context.ts";
import { ErrorState } from "../ui/states.tsx";
import "../styles.css";
import { certificateQuery } from "./certificate-query.ts";
import { parseCertificateLink, splitVerifyPath } from "./token-id.ts";
import { VerifyPage } from "./VerifyPage.tsx";

/**
 * The verification page's own entry (web/verify.html, served for /verify/*): a visitor from a QR label downloads
 * this page, not the console, so no wallet, no router, no console shell. The HTML already shows the page's frame;
 * the certificate is requested at once, alongside the platform's settings (the chain endpoint the check reads).
 */
async function startVerifyPage(root: HTMLElement) {
  const { collection, tokenId } = splitVerifyPath(window.location.pathname);
  const link = parseCertificateLink(collection, tokenId);
  const queryClient = createQueryClient();
  if (link) void queryClient.prefetchQuery(certificateQuery(link));
  const reactRoot = createRoot(root);
  try {
    const config = await loadPlatformConfig();
    reactRoot.render(
      <StrictMode>
        <PlatformConfigContext.Provider value={config}>
          <QueryClientProvider client={queryClient}>
            <VerifyPage collection={collection} tokenId={tokenId} />
          </QueryClientProvider>
        </PlatformConfigContext.Provider>
      </StrictMode>,
    );
  } catch (error) {
    reactRoot.render(<main className="verify-main"><ErrorState title="This page could not start." error={error} /></main>);
  }
}

void startVerifyPage(document.getElementById("root")!);
