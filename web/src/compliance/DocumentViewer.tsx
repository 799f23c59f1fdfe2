import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { request } from "../api/graphql.ts";
import { formatBytes, kindLabel } from "../investor/documents.ts";
import { KYC_DOCUMENT } from "./kyc-queries.ts";

type DocumentInfo = { id: string; kind: string; contentType: string; sizeBytes: number };

/** One document, decrypted by the server only when the officer asks (each opening is audit-logged). */
export function DocumentViewer({ document }: { document: DocumentInfo }) {
  const [url, setUrl] = useState<string | null>(null);
  const open = useMutation({
    mutationFn: () => request(KYC_DOCUMENT, { id: document.id }),
    onSuccess: ({ kycDocument }) => {
      if (!kycDocument) return;
      const bytes = Uint8Array.from(atob(kycDocument.contentBase64), (c) => c.charCodeAt(0));
      setUrl(URL.createObjectURL(new Blob([bytes], { type: kycDocument.contentType })));
    },
  });
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const name = kindLabel(document.kind);
  return (
    <li className="document">
      <span>{name}: {document.contentType}, {formatBytes(document.sizeBytes)}</span>{" "}
      {url ? (
        <>
          <a href={url} target="_blank" rel="noreferrer" data-testid="document-link">Open the decrypted file</a>
          {document.contentType.startsWith("image/") && <img src={url} alt={name} className="document-preview" />}
        </>
      ) : (
        <button type="button" className="secondary" onClick={() => open.mutate()} disabled={open.isPending}>
          {open.isPending ? "Decrypting…" : "Decrypt and view"}
        </button>
      )}
      {open.error && <span className="error" role="alert"> Could not open: {open.error.message}</span>}
    </li>
  );
}
