import { useQuery } from "@tanstack/react-query";
import { usePlatformConfig } from "../app/platform-config-context.ts";
import type { Certificate } from "./certificate-query.ts";
import { webCryptoAvailable } from "./content-hash.ts";
import { verifyCertificateFiles } from "./verify-files.ts";

/** The visitor's own check of the served files against the chain, run in this browser and shown item by item. */
export function VerificationChecks({ certificate: c }: { certificate: Certificate }) {
  const { rpcUrl } = usePlatformConfig();
  const supported = webCryptoAvailable();
  const report = useQuery({
    queryKey: ["certificate-files", c.collection, c.tokenId, c.contentHash],
    queryFn: () => verifyCertificateFiles({ rpcUrl, collection: c.collection, tokenId: c.tokenId, contentHash: c.contentHash, metadataUrl: c.metadataUrl, tokenURI: c.tokenURI }),
    enabled: supported,
    retry: false,
    staleTime: Infinity,
  });
  return (
    <section className="verify-card" aria-labelledby="verify-checks">
      <h2 id="verify-checks">Authenticity check</h2>
      <p className="verify-muted">Done in your browser: the metadata and images this site serves are hashed here and compared with the certificate on the chain.</p>
      {!supported ? (
        <p className="verify-check verify-check-mismatch" role="alert">This browser cannot compute SHA-256 on this connection (WebCrypto needs HTTPS): open the page over https:// to check.</p>
      ) : report.isPending ? (
        <p className="state" role="status">Checking the files…</p>
      ) : report.error ? (
        <p className="verify-check verify-check-mismatch" role="alert">The check could not run: {String(report.error)}</p>
      ) : (
        <>
          <Summary failed={report.data.checks.filter((k) => k.state === "mismatch").map((k) => k.label)} />
          <ul className="verify-checks" data-testid="verification-checks">
            {report.data.checks.map((check) => (
              <li key={check.key} className={`verify-check verify-check-${check.state}`} data-state={check.state}>
                <span className="verify-check-mark" aria-hidden="true">{check.state === "verified" ? "✓" : "✗"}</span>
                <span>
                  <strong>{check.state === "verified" ? "Verified" : "Does not match"}</strong> · {check.label}
                  <span className="verify-check-detail">{check.detail}</span>
                </span>
              </li>
            ))}
          </ul>
          <p className="verify-muted" data-testid="hash-source">{report.data.sourceNote}</p>
          <button type="button" className="secondary" disabled={report.isFetching} onClick={() => void report.refetch()}>
            {report.isFetching ? "Checking…" : "Check again"}
          </button>
        </>
      )}
    </section>
  );
}

function Summary({ failed }: { failed: string[] }) {
  if (failed.length === 0) {
    return <p className="verify-summary verify-summary-ok" role="status" data-testid="verification-summary">Verified: the files served here are the ones the certificate records.</p>;
  }
  return (
    <p className="verify-summary verify-summary-failed" role="alert" data-testid="verification-summary">
      Does not match: {failed.join(", ")}. What this site shows is not what the certificate records.
    </p>
  );
}
