import { useState, type FormEvent } from "react";
import type { Address, Hex } from "viem";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { Field } from "../ui/Field.tsx";
import { formatBytes } from "./lib/image-files.ts";
import { parseEntryDate, PROVENANCE_CONDITION_REPORT, sha256Hex } from "./lib/provenance.ts";
import { useCertificateTransaction } from "./use-certificate-tx.ts";

const MAX_REPORT_BYTES = 50 * 1024 * 1024;

/**
 * A condition report: the file stays with the house; its SHA-256, computed in the browser, is recorded as a
 * provenance entry of kind condition report, so anyone holding the file can show it is the one recorded.
 */
export function ConditionReportForm({ collection, tokenId, onDone }: { collection: Address; tokenId: bigint; onDone(): void }) {
  const tx = useCertificateTransaction(collection);
  const [file, setFile] = useState<{ name: string; size: number; hash: Hex } | null>(null);
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [errors, setErrors] = useState<{ file?: string; date?: string }>({});
  const [hashing, setHashing] = useState(false);

  const choose = async (chosen: File | undefined) => {
    tx.reset();
    setFile(null);
    if (!chosen) return;
    if (chosen.size === 0) return setErrors({ file: `${chosen.name} is empty` });
    if (chosen.size > MAX_REPORT_BYTES) return setErrors({ file: `${chosen.name} is ${formatBytes(chosen.size)}: at most ${formatBytes(MAX_REPORT_BYTES)}` });
    setErrors({});
    setHashing(true);
    setFile({ name: chosen.name, size: chosen.size, hash: await sha256Hex(await chosen.arrayBuffer()) });
    setHashing(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseEntryDate(date);
    const next = { file: file ? undefined : "Choose the condition report's file", date: parsed.ok ? undefined : parsed.error };
    setErrors(next);
    if (!file || !parsed.ok) return;
    const result = await tx.call("recordProvenance", [tokenId, PROVENANCE_CONDITION_REPORT, parsed.date, file.hash]);
    if (result.status === "confirmed") onDone();
  };

  return (
    <section aria-labelledby="condition-heading" className="form">
      <h2 id="condition-heading">Condition report</h2>
      <form onSubmit={submit} noValidate aria-label="Condition report">
        <div className="row">
          <Field label="Report file" error={errors.file} hint="Any format (PDF, images); it is not uploaded, only its SHA-256 is recorded.">
            <input type="file" onChange={(e) => void choose(e.target.files?.[0])} />
          </Field>
          <Field label="Report date" error={errors.date} hint="UTC">
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </Field>
        </div>
        {hashing && <p role="status">Computing the file's SHA-256…</p>}
        {file && <p className="field-hint">{file.name}, {formatBytes(file.size)}: SHA-256 <code data-testid="report-hash">{file.hash}</code></p>}
        <button type="submit" className="primary" disabled={tx.busy || hashing}>Record the condition report</button>
      </form>
      <TransactionStatus state={tx.state} />
    </section>
  );
}
