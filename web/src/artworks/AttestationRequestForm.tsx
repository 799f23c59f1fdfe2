import { useState, type FormEvent } from "react";
import { getAddress, isAddress, type Address } from "viem";
import { useChainId } from "wagmi";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { attestationTypedData, ATTESTER_ROLES, attesterRoleName, deadlineIn, randomNonce, requestToParams, type AttestationRequest } from "./lib/attestation.ts";
import { detailsHash } from "./lib/provenance.ts";

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);

/**
 * Asks an attester (artist or estate, specialist, conservator, appraiser) for an attestation: a link to the
 * attester's page and a message to send with it, and the EIP-712 typed data their wallet will show.
 */
export function AttestationRequestForm({ artworkId, title, collection, tokenId }: { artworkId: string; title: string; collection: Address; tokenId: bigint }) {
  const chainId = useChainId();
  const [role, setRole] = useState(1);
  const [statement, setStatement] = useState("");
  const [attester, setAttester] = useState("");
  const [days, setDays] = useState("14");
  const [errors, setErrors] = useState<{ statement?: string; attester?: string; days?: string }>({});
  const [made, setMade] = useState<{ request: AttestationRequest; link: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (statement.trim() === "") next.statement = "Write the statement the attester signs, e.g. \"I confirm this work is by my hand\"";
    if (attester.trim() && !isAddress(attester.trim())) next.attester = "Enter the attester's wallet address, or leave it empty";
    if (!/^\d{1,3}$/.test(days.trim()) || Number(days) < 1 || Number(days) > 365) next.days = "From 1 to 365 days";
    setErrors(next);
    if (Object.keys(next).length) return;
    const text = statement.trim();
    const request: AttestationRequest = {
      chainId, collection, tokenId, role, statement: text, statementHash: await detailsHash(text), nonce: randomNonce(),
      deadline: deadlineIn(Number(days)), attester: attester.trim() ? getAddress(attester.trim()) : null,
    };
    setMade({ request, link: `${window.location.origin}/artworks/attest?${requestToParams(request, artworkId)}` });
  };

  return (
    <section aria-labelledby="request-heading" className="form">
      <h2 id="request-heading">Request an attestation</h2>
      <form onSubmit={submit} noValidate aria-label="Request an attestation">
        <div className="row">
          <Field label="Attester's role">
            <select value={role} onChange={(e) => setRole(Number(e.target.value))}>
              {ATTESTER_ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
            </select>
          </Field>
          <TextField label="Attester's wallet (optional)" value={attester} onChange={setAttester} error={errors.attester} placeholder="0x…" />
          <TextField label="Valid for (days)" value={days} onChange={setDays} error={errors.days} inputMode="numeric" />
        </div>
        <Field label="Statement" error={errors.statement} hint="What the attester confirms; its SHA-256 is what the chain records.">
          <textarea rows={2} value={statement} onChange={(e) => setStatement(e.target.value)} />
        </Field>
        <button type="submit" className="primary">Make the request</button>
      </form>
      {made && (
        <div className="review" data-testid="attestation-request">
          <p><strong>Send this to the attester.</strong> They open the link, check the statement and sign it in their wallet (no fee), or send it from their wallet themselves.</p>
          <Field label="Link for the attester">
            <input type="text" readOnly value={made.link} data-testid="attestation-link" onFocus={(e) => e.target.select()} />
          </Field>
          <Field label="Message">
            <textarea readOnly rows={4} value={`Please attest "${title}" as ${attesterRoleName(made.request.role).toLowerCase()} before ${new Date(Number(made.request.deadline) * 1000).toISOString().slice(0, 10)}: ${made.link}`} />
          </Field>
          <details>
            <summary>EIP-712 typed data the wallet will show</summary>
            <pre className="typed-data">{json(attestationTypedData(made.request))}</pre>
          </details>
        </div>
      )}
    </section>
  );
}
