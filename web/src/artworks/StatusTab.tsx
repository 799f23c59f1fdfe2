import { useState, type FormEvent } from "react";
import { useOutletContext } from "react-router";
import { getAddress, isAddress } from "viem";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import type { ArtworkOutlet } from "./ArtworkPage.tsx";
import { REASONS, STATUS_ACTIONS, STATUS_EFFECTS, statusChangeProblem, statusName, type StatusAction } from "./lib/certificate-status.ts";
import { detailsHash } from "./lib/provenance.ts";
import { useCertificateTransaction } from "./use-certificate-tx.ts";

/**
 * Marks the certificate lost, stolen, recovered, destroyed or revoked. A change the contract does not allow is
 * refused here with the reason, before the wallet opens; the note's SHA-256 is recorded with the change.
 */
export function StatusTab() {
  const { artwork, tokenId, certificate: c, refresh } = useOutletContext<ArtworkOutlet>();
  const tx = useCertificateTransaction(artwork.collection);
  const [action, setAction] = useState<StatusAction>("lost");
  const [reason, setReason] = useState(0);
  const [note, setNote] = useState("");
  const [returnTo, setReturnTo] = useState("");
  const [errors, setErrors] = useState<{ note?: string; returnTo?: string }>({});
  if (tokenId === null) return <p className="state">Mint the certificate first.</p>;
  if (!c) return <p role="status">Reading the chain…</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (note.trim() === "") next.note = "Say why (a police report number, the loss report): its hash is recorded with the change";
    if (action === "recovered" && returnTo.trim() && !isAddress(returnTo.trim())) next.returnTo = "Enter a wallet address, or leave it empty for the current holder";
    setErrors(next);
    if (Object.keys(next).length) return;
    const documentHash = await detailsHash(note);
    // The rule is checked on the status read when the button is pressed: the certificate may have changed since.
    const check = async () => {
      const problem = statusChangeProblem(c.status, action, reason);
      return problem ? { allowed: false as const, code: c.status, reason: problem } : null;
    };
    const target = STATUS_ACTIONS.find((a) => a.value === action)!.target;
    const result = action === "recovered"
      ? await tx.call("recover", [tokenId, returnTo.trim() ? getAddress(returnTo.trim()) : c.owner, documentHash], check)
      : await tx.call("setStatus", [tokenId, target, reason, documentHash], check);
    if (result.status === "confirmed") {
      setNote("");
      refresh();
    }
  };

  return (
    <>
      <p>The certificate is <strong data-testid="certificate-status">{statusName(c.status)}</strong>.</p>
      <ul className="field-hint rules">
        <li>Lost or stolen: the certificate cannot move until you mark it recovered (it then returns to the holder, or to the wallet you name).</li>
        <li>Destroyed or revoked: final. The certificate never moves again and its status never changes again.</li>
        <li>A revocation needs a reason code. Only the certificate's issuer (or the platform, for disputes) changes its status.</li>
      </ul>
      <section aria-labelledby="status-heading" className="form">
        <h2 id="status-heading">Change the status</h2>
        <form onSubmit={submit} noValidate aria-label="Change the status">
          <div className="row">
            <Field label="Change">
              <select value={action} onChange={(e) => { setAction(e.target.value as StatusAction); tx.reset(); }}>
                {STATUS_ACTIONS.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}
              </select>
            </Field>
            <Field label="Reason code">
              <select value={reason} onChange={(e) => setReason(Number(e.target.value))}>
                {REASONS.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
              </select>
            </Field>
          </div>
          {action === "recovered" && <TextField label="Return to (optional)" value={returnTo} onChange={setReturnTo} error={errors.returnTo} placeholder={c.owner} hint="Empty: the current holder keeps it." />}
          <Field label="Note" error={errors.note} hint="Kept off chain; its SHA-256 is recorded with the change.">
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <p className="field-hint" data-testid="status-effect">{STATUS_EFFECTS[action]}</p>
          <button type="submit" className="primary" disabled={tx.busy}>{STATUS_ACTIONS.find((a) => a.value === action)!.label}</button>
        </form>
        <TransactionStatus state={tx.state} />
      </section>
    </>
  );
}
