import { zeroAddress } from "viem";
import { bpsPercent, tokenIdHex } from "./lib/certificate-ids.ts";
import { statusName } from "./lib/certificate-status.ts";
import type { CertificateState } from "./use-certificate.ts";

/** The certificate as the chain holds it: status, holder, issuer, royalty. */
export function CertificateSummary({ certificate: c, tokenId, account }: { certificate: CertificateState; tokenId: bigint; account?: string }) {
  const yours = (address: string) => (account && address.toLowerCase() === account.toLowerCase() ? " (your wallet)" : "");
  return (
    <dl className="details certificate-summary" data-testid="certificate-summary">
      <dt>Status</dt>
      <dd><span className={`badge badge-status-${c.status}`} data-testid="certificate-status">{statusName(c.status)}</span></dd>
      <dt>Owner</dt><dd><code data-testid="certificate-owner">{c.owner}</code>{yours(c.owner)}</dd>
      <dt>Issuer</dt><dd><code>{c.issuer}</code>{yours(c.issuer)}</dd>
      <dt>Royalty</dt>
      <dd data-testid="certificate-royalty">{c.royaltyReceiver === zeroAddress ? "None" : <>{bpsPercent(c.royaltyBps)} ({c.royaltyBps} bps) to <code>{c.royaltyReceiver}</code></>}</dd>
      <dt>Owners</dt><dd>{c.verifiedOwnersOnly ? "Verified investors of the platform only" : "Anyone (open collection)"}</dd>
      <dt>Certificate id</dt><dd><code>{tokenIdHex(tokenId)}</code></dd>
    </dl>
  );
}
