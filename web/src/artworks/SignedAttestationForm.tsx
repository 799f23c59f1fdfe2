import { useState, type FormEvent } from "react";
import { verifyTypedData, type Address } from "viem";
import { useChainId } from "wagmi";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { Field } from "../ui/Field.tsx";
import { attestationTypedData, attesterRoleName, decodeSignedAttestation } from "./lib/attestation.ts";
import { useCertificateTransaction } from "./use-certificate-tx.ts";

/** Submits the attestation an attester signed (attestWithSignature): the issuer pays the fee, the attester signed. */
export function SignedAttestationForm({ collection, tokenId, onDone }: { collection: Address; tokenId: bigint; onDone(): void }) {
  const chainId = useChainId();
  const tx = useCertificateTransaction(collection);
  const [reply, setReply] = useState("");
  const [error, setError] = useState<string>();
  const decoded = decodeSignedAttestation(reply);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!decoded) return setError("Paste the whole signed attestation the attester sent back (it starts with folio-attestation:)");
    if (decoded.tokenId !== tokenId) return setError("This signed attestation is for another certificate");
    // Checked here too, so a wrong signature is explained before anything is sent.
    const valid = await verifyTypedData({
      address: decoded.attester,
      ...attestationTypedData({ ...decoded, chainId, collection, statement: "", attester: decoded.attester }),
      signature: decoded.signature,
    }).catch(() => false);
    if (!valid) return setError(`The signature is not ${decoded.attester}'s signature of this attestation on this certificate`);
    setError(undefined);
    const result = await tx.call("attestWithSignature", [tokenId, decoded.role, decoded.statementHash, decoded.nonce, decoded.deadline, decoded.attester, decoded.signature]);
    if (result.status === "confirmed") {
      setReply("");
      onDone();
    }
  };

  return (
    <section aria-labelledby="submit-attestation-heading" className="form">
      <h2 id="submit-attestation-heading">Submit a signed attestation</h2>
      <form onSubmit={submit} noValidate aria-label="Submit a signed attestation">
        <Field label="Signed attestation" error={error} hint="What the attester's page gave them to send back.">
          <textarea rows={3} value={reply} onChange={(e) => { setReply(e.target.value); tx.reset(); }} />
        </Field>
        {decoded && <p className="field-hint">{attesterRoleName(decoded.role)} <code>{decoded.attester}</code>, statement hash <code>{decoded.statementHash}</code></p>}
        <button type="submit" className="primary" disabled={tx.busy}>Submit the attestation</button>
      </form>
      <TransactionStatus state={tx.state} />
    </section>
  );
}
