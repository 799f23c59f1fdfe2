import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { request, type ResultOf } from "../api/graphql.ts";
import { ScrollRegion } from "../ui/ScrollRegion.tsx";
import { Field } from "../ui/Field.tsx";
import { IMPORT_INVESTORS } from "./kyc-queries.ts";
import { parseInvestorCsv, withServerErrors, type InvestorCsvResult } from "./lib/investor-csv.ts";

const MAX_FILE_BYTES = 1024 * 1024;
type ImportAnswer = ResultOf<typeof IMPORT_INVESTORS>["importInvestors"];

/**
 * Registers investors verified elsewhere from a CSV file: a preview with every bad line marked before anything is
 * sent, then the server's answer (all rows or none; its own per-line errors shown next to the lines).
 */
export function InvestorImportPage() {
  const [file, setFile] = useState<{ name: string; text: string; preview: InvestorCsvResult } | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (csv: string) => request(IMPORT_INVESTORS, { csv }),
    onSuccess: ({ importInvestors }) => {
      setAnswer(importInvestors);
      if (!importInvestors.accepted && file) setFile({ ...file, preview: withServerErrors(file.preview, importInvestors.errors) });
      if (importInvestors.accepted) void queryClient.invalidateQueries({ queryKey: ["kycQueue"] });
    },
  });

  async function choose(chosen: File | undefined) {
    setAnswer(null);
    send.reset();
    setFile(null);
    setFileError(undefined);
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) return setFileError(`The file is ${Math.ceil(chosen.size / 1024)} KiB; at most 1 MiB can be imported at once`);
    const text = await chosen.text();
    setFile({ name: chosen.name, text, preview: parseInvestorCsv(text) });
  }

  const preview = file?.preview;
  const sendable = !!preview?.sendable && !answer;
  return (
    <section>
      <h1>Import investors</h1>
      <p>
        Register investors verified elsewhere. The file needs the header <code>wallet,country,kyc_valid_until,flags</code>: the
        country as an ISO code (DE or 276), KYC valid until a date (YYYY-MM-DD, through the end of that day UTC) or Unix seconds,
        and flags among <code>accredited|qualified|us_person|institution</code> (may be empty). Every line must be right: the
        file is imported whole or not at all.
      </p>
      <form className="form" aria-label="Import investors" noValidate onSubmit={(e) => { e.preventDefault(); if (file && sendable) send.mutate(file.text); }}>
        <Field label="CSV file" error={fileError}>
          <input type="file" name="csv" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
        </Field>
        {preview && (
          <>
            {preview.fileErrors.map((error) => <p key={error} role="alert" className="field-error">{error}</p>)}
            {preview.rows.length > 0 && (
              <ScrollRegion label="Import preview">
                <table aria-label="Import preview">
                  <thead><tr><th scope="col">Line</th><th scope="col">Wallet</th><th scope="col">Country</th><th scope="col">KYC valid until</th><th scope="col">Flags</th><th scope="col">Check</th></tr></thead>
                  <tbody>
                    {preview.rows.map((row) => (
                      <tr key={row.line} className={row.errors.length ? "row-bad" : undefined} data-testid="import-row">
                        <td>{row.line}</td>
                        <td className="cell-wrap"><code>{row.wallet}</code></td>
                        <td>{row.countryName ? `${row.countryName} (${row.country.toUpperCase()})` : row.country}</td>
                        <td>{row.validUntilDate ?? row.validUntil}</td>
                        <td>{row.flags.split("|").map((f) => f.trim()).filter(Boolean).join(", ") || "—"}</td>
                        <td>
                          {row.errors.length ? (
                            <ul className="field-error row-errors" aria-label={`Problems on line ${row.line}`}>
                              {row.errors.map((e) => <li key={e}>Line {row.line}: {e}</li>)}
                            </ul>
                          ) : "OK"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
            {!preview.sendable && !answer?.accepted && (
              <p role="alert" className="field-error" data-testid="import-blocked">Nothing is sent while any line is wrong: fix the file and choose it again.</p>
            )}
            {preview.sendable && !answer && <p>{investors(preview.rows.length)} ready to import from {file!.name}.</p>}
            <div className="actions">
              <button type="submit" disabled={!sendable || send.isPending}>{send.isPending ? "Importing…" : `Import ${investors(preview.rows.length)}`}</button>
            </div>
          </>
        )}
        {send.error && <p className="error" role="alert">Could not import: {send.error.message}</p>}
        {answer?.accepted && (
          <p className="success" role="status" data-testid="import-result">
            Imported {investors(answer.imported)} in {answer.batches} registry transaction{answer.batches === 1 ? "" : "s"}; they are being
            registered on chain. <Link to="/compliance/kyc">See them in the queue</Link> (status Approved).
          </p>
        )}
        {answer && !answer.accepted && (
          <p className="error" role="alert" data-testid="import-result">The server refused the file: nothing was imported. Its reasons are shown next to the lines above.</p>
        )}
      </form>
    </section>
  );
}

const investors = (n: number) => `${n} investor${n === 1 ? "" : "s"}`;
