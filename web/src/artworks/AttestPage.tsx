import "./artworks.css";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { isAddressEqual } from "viem";
import { useChainId, useConnection, useSignTypedData } from "wagmi";
import { request } from "../api/graphql.ts";
import { describeTransactionError } from "../tx/describe-error.ts";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { ErrorState, Loading } from "../ui/states.tsx";
import { attestationTypedData, attesterRoleName, encodeSignedAttestation, paramsToRequest, type AttestationRequest } from "./lib/attestation.ts";
import { ARTWORK } from "./lib/artwork-queries.ts";
import { tokenIdHex } from "./lib/certificate-ids.ts";
import { detailsHash } from "./lib/provenance.ts";
import { useCertificateTransaction } from "./use-certificate-tx.ts";

/**
 * The attester's page, reached from the issuer's link: the work, the statement and the typed data; the attester
 * signs it in their wallet (and sends the result back) or sends the attestation from their wallet themselves.
 */
export function AttestPage() {
  const [params] = useSearchParams();
  const parsed = useQuery({ queryKey: ["attest-request", params.toString()], queryFn: () => paramsToRequest(params, detailsHash) });
  if (parsed.isPending) return <section className="artworks"><h1>Attest a work</h1><Loading what="the request" /></section>;
  if (parsed.isError) return <section className="artworks"><h1>Attest a work</h1><ErrorState title="Could not read the request." error={parsed.error} /></section>;
  if (!parsed.data.ok) return <section className="artworks"><h1>Attest a work</h1><p role="alert">This link is not a valid attestation request: {parsed.data.error}.</p></section>;
  return <AttestRequest request={parsed.data.request} artworkId={parsed.data.artworkId} />;
}

function AttestRequest({ request: r, artworkId }: { request: AttestationRequest; artworkId: string }) {
  const { address } = useConnection();
  const chainId = useChainId();
  const { signTypedDataAsync } = useSignTypedData();
  const tx = useCertificateTransaction(r.collection);
  const [reply, setReply] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const artwork = useQuery({ queryKey: ["artwork", artworkId], queryFn: async () => (await request(ARTWORK, { id: artworkId })).artwork, enabled: /^[0-9a-f-]{36}$/.test(artworkId) });
  const expired = BigInt(Math.floor(Date.now() / 1000)) > r.deadline;
  const wrongWallet = !!address && !!r.attester && !isAddressEqual(address, r.attester);
  const blocked = !address ? "Connect your wallet (in the header) to attest." : wrongWallet ? `This request is for the wallet ${r.attester}; you are connected as ${address}.`
    : chainId !== r.chainId ? `This request is for chain ${r.chainId}; your wallet is on chain ${chainId}.` : expired ? "This request has expired: ask the issuer for a new one." : null;

  const sign = async () => {
    setError(null);
    try {
      const signature = await signTypedDataAsync({ ...attestationTypedData(r), account: address! });
      setReply(encodeSignedAttestation({ ...r, attester: address!, signature }));
    } catch (e) {
      setError(describeTransactionError(e));
    }
  };

  return (
    <section className="artworks">
      <h1>Attest a work</h1>
      <dl className="details">
        <dt>Work</dt><dd>{artwork.data ? `${artwork.data.artist}, ${artwork.data.title}${artwork.data.year !== null ? ` (${artwork.data.year})` : ""}` : "—"}</dd>
        <dt>Certificate</dt><dd><code>{tokenIdHex(r.tokenId)}</code> on <code>{r.collection}</code></dd>
        <dt>You attest as</dt><dd>{attesterRoleName(r.role)}</dd>
        <dt>Statement</dt><dd data-testid="attest-statement">“{r.statement}”</dd>
        <dt>Statement SHA-256</dt><dd><code>{r.statementHash}</code></dd>
        <dt>Valid until</dt><dd>{new Date(Number(r.deadline) * 1000).toISOString().replace("T", " ").slice(0, 16)} UTC</dd>
      </dl>
      {blocked && <p role="alert" className="tx tx-refused">{blocked}</p>}
      <div className="form">
        <h2>Sign it (no fee)</h2>
        <p className="field-hint">Your wallet shows the typed data “Folio Artwork Certificate”; send the signed text back to the issuer, who records it.</p>
        <button type="button" className="primary" disabled={!!blocked} onClick={() => void sign()}>Sign the attestation</button>
        {error && <p role="alert" className="field-error">{error}</p>}
        {reply && (
          <div className="review" role="status">
            <p><strong>Signed.</strong> Send this text back to the issuer:</p>
            <textarea readOnly rows={4} className="reply" value={reply} data-testid="signed-attestation" aria-label="Signed attestation" />
          </div>
        )}
      </div>
      <div className="form">
        <h2>Or send it yourself</h2>
        <p className="field-hint">Records the attestation from your wallet directly (you pay the network fee).</p>
        <button type="button" className="secondary" disabled={!!blocked || tx.busy} onClick={() => void tx.call("attest", [r.tokenId, r.role, r.statementHash, r.nonce])}>Send the attestation</button>
        <TransactionStatus state={tx.state} />
      </div>
    </section>
  );
}
