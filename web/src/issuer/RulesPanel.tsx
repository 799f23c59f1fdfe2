import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useOutletContext } from "react-router";
import { CountryRuleFields } from "./CountryRuleFields.tsx";
import { CheckboxField } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { Empty } from "../ui/states.tsx";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import { AgentsPanel } from "./AgentsPanel.tsx";
import type { TokenOutlet } from "./IssuerTokenPage.tsx";
import { pauseRequest } from "./lib/agents-form.ts";
import type { IssuerToken } from "./lib/issuer-queries.ts";
import { checkAgentPermission } from "./lib/permission-preflight.ts";
import { planRuleChanges, rulesDraftOf, type RuleChange, type RulesDraft, type RulesField } from "./lib/rules-form.ts";

/** The token page's "Rules & agents" tab: change the rules, the agents and their permissions, pause or resume. */
export function RulesPanel() {
  const { token } = useOutletContext<TokenOutlet>();
  return (
    <>
      {token.rules ? (
        <RulesForm token={token} rules={token.rules} />
      ) : (
        <Empty>This token has no Folio rules to change.</Empty>
      )}
      <AgentsPanel token={token} />
      <PauseControl token={token} />
    </>
  );
}

type Rules = NonNullable<IssuerToken["rules"]>;

function RulesForm({ token: t, rules }: { token: IssuerToken; rules: Rules }) {
  const [draft, setDraft] = useState<RulesDraft>(() => rulesDraftOf(rules, t.decimals));
  const [errors, setErrors] = useState<Partial<Record<RulesField, string>>>({});
  const [review, setReview] = useState<RuleChange[] | null>(null);
  const [step, setStep] = useState<{ index: number; of: number } | null>(null);
  const tx = useTransaction();
  const queryClient = useQueryClient();
  // The form starts again from the token's rules whenever the indexed rules change (after a change is confirmed).
  const rulesKey = JSON.stringify(rules);
  useEffect(() => {
    setDraft(rulesDraftOf(JSON.parse(rulesKey) as Rules, t.decimals));
    setReview(null);
    setErrors({});
  }, [rulesKey, t.decimals]);

  const set = <K extends keyof RulesDraft>(key: K, value: RulesDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setReview(null);
    tx.reset();
  };

  const onReview = (event: React.FormEvent) => {
    event.preventDefault();
    const plan = planRuleChanges({ address: t.address, decimals: t.decimals, symbol: t.symbol, rules }, draft);
    setErrors(plan.ok ? {} : plan.errors);
    setReview(plan.ok ? plan.changes : null);
  };

  const send = async () => {
    if (!review?.length || !tx.publicClient || !tx.account) return;
    const account = tx.account;
    for (const [index, change] of review.entries()) {
      setStep({ index: index + 1, of: review.length });
      const result = await tx.send(change.call, {
        decimals: t.decimals,
        // Asked before every transaction: the wallet never opens for a change the token would refuse.
        preflight: () => checkAgentPermission({ token: t.address, account, permission: "RULES" }, tx.publicClient!),
      });
      if (result.status !== "confirmed") return;
    }
    void queryClient.invalidateQueries({ queryKey: ["issuer-token"] });
  };

  return (
    <section aria-labelledby="rules-heading" className="form">
      <h2 id="rules-heading">Rules</h2>
      <form onSubmit={onReview} noValidate aria-label="Rules">
        <fieldset>
          <legend>Who may hold it</legend>
          <CountryRuleFields
            name="rulesCountryMode"
            mode={draft.countryMode}
            countries={draft.countries}
            onMode={(mode) => set("countryMode", mode)}
            onCountries={(codes) => set("countries", codes)}
            error={errors.countries}
          />
          <CheckboxField label="Accredited investors only" checked={draft.accreditedOnly} onChange={(checked) => set("accreditedOnly", checked)} />
          <TextField
            label="Maximum number of investors"
            value={draft.maxInvestors}
            onChange={(v) => set("maxInvestors", v)}
            error={errors.maxInvestors}
            inputMode="numeric"
            hint="Leave empty for no limit. A limit below today's count only stops new investors."
          />
          <TextField
            label={`Maximum balance per investor (${t.symbol})`}
            value={draft.maxBalance}
            onChange={(v) => set("maxBalance", v)}
            error={errors.maxBalance}
            inputMode="decimal"
            hint={`In token units, up to ${t.decimals} decimals, across all of an investor's wallets. Leave empty for no limit.`}
          />
        </fieldset>
        <button type="submit" disabled={tx.busy}>Review the changes</button>
      </form>
      {review && (
        <section aria-labelledby="rules-review-heading" className="review">
          <h3 id="rules-review-heading">What will change</h3>
          {review.length === 0 ? (
            <p>Nothing: the form matches the token's rules.</p>
          ) : (
            <>
              <ol>{review.map((c) => <li key={c.description}>{c.description}</li>)}</ol>
              <p className="field-hint">
                {review.length === 1 ? "One transaction" : `${review.length} transactions, one after the other`}; each needs the RULES permission.
              </p>
              <button type="button" className="primary" disabled={tx.busy} onClick={send}>
                Sign {review.length === 1 ? "the transaction" : `${review.length} transactions`}
              </button>
            </>
          )}
        </section>
      )}
      {step && step.of > 1 && tx.state.status !== "idle" && <p role="status">Transaction {step.index} of {step.of}</p>}
      <TransactionStatus state={tx.state} />
    </section>
  );
}

function PauseControl({ token: t }: { token: IssuerToken }) {
  const tx = useTransaction();
  const queryClient = useQueryClient();
  const pause = !t.paused;

  const send = async () => {
    if (!tx.publicClient || !tx.account) return;
    const account = tx.account;
    const result = await tx.send(pauseRequest(t.address, pause), {
      preflight: () => checkAgentPermission({ token: t.address, account, permission: "PAUSE" }, tx.publicClient!),
    });
    if (result.status === "confirmed") void queryClient.invalidateQueries({ queryKey: ["issuer-token"] });
  };

  return (
    <section aria-labelledby="pause-heading" className="form">
      <h2 id="pause-heading">Pause</h2>
      <p data-testid="pause-state">
        {t.paused
          ? "The token is paused: no transfers or mints until it is unpaused. Forced transfers, recoveries and burns still work."
          : "The token is active: transfers and mints work."}
      </p>
      <TransactionStatus
        state={tx.state}
        action={pause ? `pause ${t.symbol}: every transfer and mint stops until it is unpaused` : `unpause ${t.symbol}: transfers and mints work again`}
      />
      <button type="button" className="primary" disabled={tx.busy} onClick={send}>{pause ? `Pause ${t.symbol}` : `Unpause ${t.symbol}`}</button>
    </section>
  );
}
