import { useState, type FormEvent } from "react";
import { getAddress, isAddress, isAddressEqual, type Address } from "viem";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import { TextField } from "../ui/TextField.tsx";
import { certificateCall, checkCertificateTransfer, simulatePreflight } from "./lib/certificate-calls.ts";
import type { CertificateState } from "./use-certificate.ts";

/**
 * Transfers the certificate to the buyer with safeTransferFrom from the holder's wallet. Before the wallet opens the
 * collection is asked (canTransfer, then the ERC-1404 code and message): a lost, stolen, destroyed or revoked
 * certificate, or in a verified-owners collection a buyer who is not a verified investor, is refused with its reason.
 */
export function TransferPanel({ collection, tokenId, certificate: c, onDone }: { collection: Address; tokenId: bigint; certificate: CertificateState; onDone(): void }) {
  const tx = useTransaction();
  const [buyer, setBuyer] = useState("");
  const [error, setError] = useState<string>();
  const holder = !!tx.account && isAddressEqual(tx.account, c.owner);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const to = buyer.trim();
    if (!isAddress(to)) return setError("Enter the buyer's wallet address (0x followed by 40 hex digits)");
    if (isAddressEqual(to, c.owner)) return setError("The buyer's wallet already holds the certificate");
    setError(undefined);
    if (!tx.account || !tx.publicClient) return;
    const from = tx.account;
    const call = certificateCall(collection, "safeTransferFrom", [from, getAddress(to), tokenId]);
    const result = await tx.send(call, {
      preflight: () => simulatePreflight(tx.publicClient!, call, from, () => checkCertificateTransfer(tx.publicClient!, collection, from, getAddress(to), tokenId)),
    });
    if (result.status === "confirmed") onDone();
  };

  return (
    <section aria-labelledby="transfer-heading" className="form">
      <h2 id="transfer-heading">Transfer to the buyer</h2>
      {!holder ? (
        <p className="field-hint" data-testid="transfer-unavailable">Only the holder can transfer the certificate; it is held by <code>{c.owner}</code>. The holder transfers it from their own wallet.</p>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Transfer to the buyer">
          <p className="field-hint">
            {c.verifiedOwnersOnly ? "This collection admits only verified investors of the platform as owners. " : ""}
            The collection is asked whether it would accept the transfer before your wallet opens.
          </p>
          <TextField label="Buyer's wallet" value={buyer} onChange={setBuyer} error={error} placeholder="0x…" />
          <button type="submit" className="primary" disabled={tx.busy}>Transfer the certificate</button>
        </form>
      )}
      <TransactionStatus state={tx.state} />
    </section>
  );
}
