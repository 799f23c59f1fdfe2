import "./issuer.css";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { formatAmount } from "../lib/format.ts";
import { CountryRuleFields } from "./CountryRuleFields.tsx";
import { CheckboxField, Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { factoryAddress, loadDeployment } from "./lib/deployment.ts";
import { sha256OfFile } from "./lib/document-hash.ts";
import { encodeIssueToken, issuedTokenOf, issueTokenRequest } from "./lib/issue-token-call.ts";
import {
  describeRules,
  EMPTY_DOCUMENT,
  EMPTY_DRAFT,
  validateIssueToken,
  type IssueTokenDraft,
  type IssueTokenErrors,
  type TokenConfig,
} from "./lib/issue-token-form.ts";
import { useTransaction } from "../tx/use-transaction.ts";

const NO_ERRORS: IssueTokenErrors = { fields: {}, documents: {} };

/** The issuer's guided form: the token, its rules and documents, a review of the transaction, then the wallet. */
export function IssueTokenPage() {
  const [draft, setDraft] = useState<IssueTokenDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<IssueTokenErrors>(NO_ERRORS);
  const [review, setReview] = useState<TokenConfig | null>(null);
  const deployment = useQuery({ queryKey: ["deployment"], queryFn: () => loadDeployment(), staleTime: Infinity });
  const tx = useTransaction();
  const set = <K extends keyof IssueTokenDraft>(key: K, value: IssueTokenDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setReview(null);
  };
  const setDocument = (index: number, change: Partial<IssueTokenDraft["documents"][number]>) =>
    set("documents", draft.documents.map((d, i) => (i === index ? { ...d, ...change } : d)));

  const onReview = (event: React.FormEvent) => {
    event.preventDefault();
    if (!tx.account) return;
    const result = validateIssueToken(draft, tx.account);
    if (!result.ok) {
      setErrors(result.errors);
      setReview(null);
      return;
    }
    setErrors(NO_ERRORS);
    setReview(result.config);
    tx.reset();
  };

  let factory: `0x${string}` | null = null;
  let factoryProblem: string | null = null;
  if (deployment.data) {
    try {
      factory = factoryAddress(deployment.data);
    } catch (e) {
      factoryProblem = (e as Error).message;
    }
  }
  const issued = tx.state.status === "confirmed" && factory ? issuedTokenOf(tx.state.receipt.logs, factory) : null;

  return (
    <section className="issuer">
      <h1>Issue a token</h1>
      {!tx.account && <p role="alert">Connect your wallet to issue a token.</p>}
      {deployment.isError && <p role="alert" className="error">Could not read the platform's contracts: {(deployment.error as Error).message}</p>}
      {factoryProblem && <p role="alert" className="error">{factoryProblem}</p>}

      <form onSubmit={onReview} noValidate aria-label="Issue a token">
        <fieldset>
          <legend>The token</legend>
          <TextField label="Name" value={draft.name} onChange={(v) => set("name", v)} error={errors.fields.name} placeholder="Acme Real Estate Fund" />
          <TextField label="Symbol" value={draft.symbol} onChange={(v) => set("symbol", v.toUpperCase())} error={errors.fields.symbol} placeholder="ACME" />
          <TextField
            label="Decimals"
            value={draft.decimals}
            onChange={(v) => set("decimals", v)}
            error={errors.fields.decimals}
            inputMode="numeric"
            hint="0 for whole units only; 18 is usual. Amounts are entered in token units."
          />
        </fieldset>

        <fieldset>
          <legend>Who may hold it</legend>
          <CountryRuleFields
            name="countryMode"
            mode={draft.countryMode}
            countries={draft.countries}
            onMode={(mode) => set("countryMode", mode)}
            onCountries={(codes) => set("countries", codes)}
            error={errors.fields.countries}
          />
          <CheckboxField label="Accredited investors only" checked={draft.accreditedOnly} onChange={(checked) => set("accreditedOnly", checked)} />
          <TextField
            label="Maximum number of investors"
            value={draft.maxInvestors}
            onChange={(v) => set("maxInvestors", v)}
            error={errors.fields.maxInvestors}
            inputMode="numeric"
            hint="Leave empty for no limit."
          />
          <TextField
            label={`Maximum balance per investor${draft.symbol ? ` (${draft.symbol})` : ""}`}
            value={draft.maxBalance}
            onChange={(v) => set("maxBalance", v)}
            error={errors.fields.maxBalance}
            inputMode="decimal"
            hint="In token units, across all of an investor's wallets. Leave empty for no limit."
          />
        </fieldset>

        <fieldset>
          <legend>Documents</legend>
          <p className="field-hint">Each document's SHA-256 is computed here in your browser from the file you choose; the file is not uploaded.</p>
          {errors.fields.documents && <p className="field-error">{errors.fields.documents}</p>}
          {draft.documents.map((doc, i) => (
            <div className="document" key={i} aria-label={`Document ${i + 1}`} role="group">
              <TextField label={`Document ${i + 1} name`} value={doc.name} onChange={(v) => setDocument(i, { name: v })} error={errors.documents[i]?.name} placeholder="Prospectus" />
              <TextField label={`Document ${i + 1} URI`} value={doc.uri} onChange={(v) => setDocument(i, { uri: v })} error={errors.documents[i]?.uri} placeholder="https://… or ipfs://…" />
              <Field
                label={`Document ${i + 1} file`}
                error={errors.documents[i]?.file}
                hint={doc.hash ? <>SHA-256 <code data-testid="document-hash">{doc.hash}</code></> : "No file chosen"}
              >
                <input
                  type="file"
                  onChange={async (e) => {
                    const file = e.target.files?.[0];
                    if (!file) return setDocument(i, { fileName: null, hash: null });
                    setDocument(i, { fileName: file.name, hash: await sha256OfFile(file) });
                  }}
                />
              </Field>
              <button type="button" onClick={() => set("documents", draft.documents.filter((_, j) => j !== i))}>Remove document {i + 1}</button>
            </div>
          ))}
          <button type="button" onClick={() => set("documents", [...draft.documents, EMPTY_DOCUMENT])}>Add a document</button>
        </fieldset>

        <button type="submit" className="primary" disabled={!tx.account}>Review the transaction</button>
      </form>

      {review && factory && tx.account && (
        <section className="review" aria-labelledby="review-heading">
          <h2 id="review-heading">What the transaction will do</h2>
          <dl className="details">
            <dt>Contract</dt><dd>TokenFactory <code>{factory}</code>, function <code>issueToken</code></dd>
            <dt>From</dt><dd>Your wallet <code>{tx.account}</code></dd>
            <dt>Creates</dt><dd>{review.name} ({review.symbol}), {review.decimals} decimals</dd>
            <dt>Owner and agent</dt><dd>You, with every agent permission (mint, burn, freeze, forced transfer, recovery, pause, documents, rules, distribution)</dd>
            <dt>Rules</dt><dd><ul>{describeRules({ ...draft, maxBalance: review.rules.maxBalance === 0n ? "" : formatAmount(review.rules.maxBalance, review.decimals) }, review.symbol).map((line) => <li key={line}>{line}</li>)}</ul></dd>
            <dt>Documents</dt>
            <dd>
              {review.documents.length === 0 ? "None" : (
                <ul>{draft.documents.map((d) => <li key={d.name}>{d.name.trim()}: {d.uri.trim()} (SHA-256 <code>{d.hash}</code>)</li>)}</ul>
              )}
            </dd>
            <dt>Data</dt><dd>{(encodeIssueToken(review).length - 2) / 2} bytes of call data</dd>
          </dl>
          <button type="button" className="primary" disabled={tx.busy || tx.state.status === "confirmed"} onClick={() => tx.send(issueTokenRequest(factory!, review))}>
            Sign and issue {review.symbol}
          </button>
          <TransactionStatus
            state={tx.state}
            confirmed={() =>
              issued && (
                <p>
                  {review.symbol} is at <code>{issued}</code>. <Link to={`/issuer/tokens/${issued}`}>Open {review.symbol} to mint</Link>
                </p>
              )
            }
          />
        </section>
      )}
    </section>
  );
}
