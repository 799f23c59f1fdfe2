import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { request, uploadRequest } from "../api/graphql.ts";
import { Field } from "../ui/Field.tsx";
import { DOCUMENT_KINDS, documentFileError, formatBytes, kindLabel, type DocumentKind } from "./documents.ts";
import { REMOVE_DOCUMENT, UPLOAD_DOCUMENT } from "./kyc-queries.ts";

type UploadedDocument = { id: string; kind: string; contentType: string; sizeBytes: number };

/** The application's documents and the form that adds one (PDF, JPEG or PNG, encrypted by the server). */
export function DocumentUpload({ documents, onUploaded }: { documents: UploadedDocument[]; onUploaded(): void }) {
  const [kind, setKind] = useState<DocumentKind>("IDENTITY");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string>();
  const [inputKey, setInputKey] = useState(0);
  const upload = useMutation({
    mutationFn: ({ kind, file }: { kind: DocumentKind; file: File }) => uploadRequest(UPLOAD_DOCUMENT, { kind, file: null }, "file", file),
    onSuccess: () => {
      setFile(null);
      setInputKey((k) => k + 1);
      onUploaded();
    },
    onError: (e) => setError(e.message),
  });
  // A document sent by mistake (a blurred scan, the wrong file) can be taken back while the application is editable.
  const remove = useMutation({ mutationFn: (id: string) => request(REMOVE_DOCUMENT, { id }), onSuccess: onUploaded });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = documentFileError(file);
    setError(problem);
    if (!problem) upload.mutate({ kind, file: file! });
  }

  return (
    <section aria-labelledby="documents-title" className="form">
      <h2 id="documents-title">Documents</h2>
      {documents.length === 0 ? (
        <p className="state state-empty">No documents yet: add an identity document.</p>
      ) : (
        <ul className="documents" aria-label="Uploaded documents">
          {documents.map((d, i) => (
            <li key={d.id}>
              {kindLabel(d.kind)}: {d.contentType}, {formatBytes(d.sizeBytes)}{" "}
              <button type="button" className="secondary" disabled={remove.isPending} onClick={() => remove.mutate(d.id)} aria-label={`Remove document ${i + 1} (${kindLabel(d.kind)})`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.error && <p className="error" role="alert">Could not remove the document: {remove.error.message}</p>}
      <form onSubmit={submit} noValidate>
        <Field label="Document type">
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
            {DOCUMENT_KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
          </select>
        </Field>
        <Field label="File" hint="PDF, JPEG or PNG, up to 5 MB." error={error}>
          <input key={inputKey} type="file" name="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={upload.isPending}>{upload.isPending ? "Uploading…" : "Upload document"}</button>
        </div>
      </form>
    </section>
  );
}
