import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Address } from "viem";
import { ApiError, request } from "../../api/graphql.ts";
import { formatAmount } from "../../lib/format.ts";
import { AmountInput } from "../../ui/AmountInput.tsx";
import { parseAmount } from "../../ui/amount.ts";
import { CountryPicker } from "../../ui/CountryPicker.tsx";
import { Field } from "../../ui/Field.tsx";
import { TextField } from "../../ui/TextField.tsx";
import { loadDeployment } from "../lib/deployment.ts";
import type { IssuerToken } from "../lib/issuer-queries.ts";
import { useCashToken } from "./cash-token.ts";
import {
  chosenCashToken,
  emptyDraft,
  fieldOfServerError,
  parseDeclaration,
  toLocalDateTime,
  type DeclarationDraft,
  type DeclarationErrors,
} from "./declaration-form.ts";
import { DECLARE_DISTRIBUTION, fetchLatestIndexedBlock } from "./distribution-queries.ts";

const DAY_MS = 86_400_000;

/**
 * Declaring a distribution: cash token, amount, record date (or block), claim deadline, withholding rates and
 * excluded wallets. Every field is checked here first (nothing is sent while one is wrong); the server then computes
 * the entitlements and the round's page shows them for review before anything is signed.
 */
export function DeclareDistributionForm({ token: t }: { token: IssuerToken }) {
  const [draft, setDraft] = useState<DeclarationDraft>(() => ({ ...emptyDraft(), deadline: toLocalDateTime(new Date(Date.now() + 30 * DAY_MS)) }));
  const [errors, setErrors] = useState<DeclarationErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [nextKey, setNextKey] = useState(1);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const deployment = useQuery({ queryKey: ["deployment"], queryFn: () => loadDeployment(), staleTime: Infinity });
  const indexed = useQuery({ queryKey: ["latest-indexed-block"], queryFn: fetchLatestIndexedBlock, refetchInterval: 5_000 });
  const demoCashToken = (deployment.data?.contracts.CashToken ?? null) as Address | null;
  const cash = chosenCashToken(draft, { demoCashToken, token: t.address });
  const cashToken = useCashToken(cash.ok ? cash.address : null);

  const set = <K extends keyof DeclarationDraft>(key: K, value: DeclarationDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setRow = (key: number, change: Partial<DeclarationDraft["countryRates"][number]>) =>
    setDraft((d) => ({ ...d, countryRates: d.countryRates.map((r) => (r.key === key ? { ...r, ...change } : r)) }));

  const [sending, setSending] = useState(false);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = parseDeclaration(draft, {
      token: t.address,
      demoCashToken,
      cashDecimals: cashToken.info?.decimals ?? null,
      now: new Date(),
      latestIndexedBlock: indexed.data ?? null,
    });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setSending(true);
    try {
      const { declareDistribution } = await request(DECLARE_DISTRIBUTION, { input: parsed.input });
      void queryClient.invalidateQueries({ queryKey: ["distributions", t.address] });
      void navigate(declareDistribution.distribution.id);
    } catch (error) {
      const message = error instanceof ApiError ? `${error.message}${error.hint ? `. ${error.hint}` : ""}` : (error as Error).message;
      const field = fieldOfServerError(error instanceof ApiError ? error.code : undefined);
      if (field) setErrors({ [field]: message });
      else setFormError(`The server did not declare the distribution: ${message}`);
    } finally {
      setSending(false);
    }
  };

  const symbol = cashToken.info?.symbol ?? "cash";
  return (
    <section aria-labelledby="declare-heading" className="form">
      <h2 id="declare-heading">Declare a distribution</h2>
      <p className="field-hint">
        The server computes each investor's share of {t.symbol} at the record date, withholds tax and builds the claims. You review
        them, then fund the round from your wallet; investors claim from their Income page.
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Declare a distribution">
        <fieldset>
          <legend>Cash token</legend>
          <div className="radio-group">
            <label>
              <input type="radio" name="cash" checked={draft.cashChoice === "demo"} onChange={() => set("cashChoice", "demo")} /> The platform's demo cash
              {demoCashToken ? <> (<code>{demoCashToken}</code>)</> : " (none on this chain)"}
            </label>
            <label>
              <input type="radio" name="cash" checked={draft.cashChoice === "other"} onChange={() => set("cashChoice", "other")} /> Another ERC-20 token
            </label>
          </div>
          {draft.cashChoice === "other" && (
            <TextField label="Cash token address" value={draft.cashAddress} onChange={(v) => set("cashAddress", v)} placeholder="0x…" />
          )}
          <p className="field-hint" data-testid="cash-token">
            {cashToken.info
              ? `${cashToken.info.symbol}, ${cashToken.info.decimals} decimals.`
              : cashToken.failed && cash.ok
                ? `${cash.address} does not answer as an ERC-20 token.`
                : cashToken.pending ? "Reading the cash token…" : ""}
          </p>
          {errors.cashToken && <p className="field-error" role="alert">{errors.cashToken}</p>}
        </fieldset>

        <Field label={`Total amount (${symbol})`} error={errors.amount} hint={`Gross, in ${symbol}${cashToken.info ? ` with up to ${cashToken.info.decimals} decimals` : ""}. You fund it less the tax withheld.`}>
          <AmountInput value={draft.amount} onChange={(v) => set("amount", v)} symbol={symbol} />
        </Field>
        {cashToken.info && <GrossEcho text={draft.amount} decimals={cashToken.info.decimals} symbol={cashToken.info.symbol} />}

        <fieldset>
          <legend>Holders of record</legend>
          <div className="radio-group">
            <label><input type="radio" name="record" checked={draft.recordMode === "date"} onChange={() => set("recordMode", "date")} /> At a date and time</label>
            <label><input type="radio" name="record" checked={draft.recordMode === "block"} onChange={() => set("recordMode", "block")} /> At a block</label>
          </div>
          {draft.recordMode === "date" ? (
            <Field label="Record date" error={errors.record} hint="In your time zone. Balances at the end of the last block at or before this moment count.">
              <input type="datetime-local" step={1} value={draft.recordDate} onChange={(e) => set("recordDate", e.target.value)} />
            </Field>
          ) : (
            <Field label="Record block" error={errors.record} hint={indexed.data !== undefined ? `Balances at the end of this block count. The latest indexed block is ${indexed.data}.` : "Balances at the end of this block count."}>
              <input type="text" inputMode="numeric" autoComplete="off" value={draft.recordBlock} onChange={(e) => set("recordBlock", e.target.value)} />
            </Field>
          )}
          {draft.recordMode === "block" && indexed.data !== undefined && (
            <button type="button" className="secondary" onClick={() => set("recordBlock", String(indexed.data))}>Use the latest indexed block</button>
          )}
        </fieldset>

        <Field label="Claim deadline" error={errors.deadline} hint="In your time zone; at least an hour from now. After it, you can take back what is left.">
          <input type="datetime-local" value={draft.deadline} onChange={(e) => set("deadline", e.target.value)} />
        </Field>

        <fieldset>
          <legend>Withholding tax</legend>
          <Field label="Default rate (%)" error={errors.defaultRate} hint="For every investor no country rate below names. Leave empty for none.">
            <input type="text" inputMode="decimal" autoComplete="off" value={draft.defaultRate} onChange={(e) => set("defaultRate", e.target.value)} />
          </Field>
          {draft.countryRates.map((row, i) => (
            <div key={row.key} className="document">
              <CountryPicker label={`Countries for rate ${i + 1}`} value={row.countries} onChange={(countries) => setRow(row.key, { countries })} error={errors.countryRates?.[row.key]?.countries} />
              <Field label={`Rate ${i + 1} (%)`} error={errors.countryRates?.[row.key]?.rate}>
                <input type="text" inputMode="decimal" autoComplete="off" value={row.rate} onChange={(e) => setRow(row.key, { rate: e.target.value })} />
              </Field>
              <button type="button" className="secondary" onClick={() => set("countryRates", draft.countryRates.filter((r) => r.key !== row.key))}>Remove rate {i + 1}</button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              set("countryRates", [...draft.countryRates, { key: nextKey, countries: [], rate: "" }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add a country rate
          </button>
        </fieldset>

        <Field label="Excluded wallets (optional)" error={errors.excludedWallets} hint="One address per line. Their balances are left out; your treasury always is.">
          <textarea rows={3} value={draft.excludedWallets} onChange={(e) => set("excludedWallets", e.target.value)} />
        </Field>

        {formError && <p role="alert" className="field-error">{formError}</p>}
        {Object.keys(errors).length > 0 && <p role="alert" className="field-error">Nothing was sent: correct the fields marked above.</p>}
        <button type="submit" className="primary" disabled={sending}>{sending ? "Computing…" : "Compute the entitlements"}</button>
      </form>
    </section>
  );
}

/** The amount as it will be read, so a misplaced separator shows before the review. */
function GrossEcho({ text, decimals, symbol }: { text: string; decimals: number; symbol: string }) {
  const amount = parseAmount(text, decimals);
  return amount.ok ? <p className="field-hint" data-testid="gross-echo">Gross total: {formatAmount(amount.value, decimals)} {symbol}.</p> : null;
}
