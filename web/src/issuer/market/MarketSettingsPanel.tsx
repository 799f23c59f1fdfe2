import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useOutletContext } from "react-router";
import { getAddress, isAddress, type Address } from "viem";
import { usePublicClient } from "wagmi";
import { request } from "../../api/graphql.ts";
import { useSession } from "../../auth/session.tsx";
import { formatAmount, shortAddress } from "../../lib/format.ts";
import { MARKET_KEY, MARKET_SETTINGS, SET_MARKET_SETTINGS } from "../../market/lib/market-queries.ts";
import { describeMarketError } from "../../market/lib/market-errors.ts";
import { readAsset } from "../../market/lib/order-calls.ts";
import { AmountInput } from "../../ui/AmountInput.tsx";
import { CheckboxField, Field } from "../../ui/Field.tsx";
import { TextField } from "../../ui/TextField.tsx";
import { QueryState } from "../../ui/states.tsx";
import type { TokenOutlet } from "../IssuerTokenPage.tsx";
import { loadDeployment } from "../lib/deployment.ts";
import { mayChangeMarket, readMarketSettingsForm, type MarketSettingsErrors } from "./market-settings-form.ts";

/**
 * The token page's "Market" tab: opens, changes or closes the token's secondary market (the token's owner and its
 * agents holding RULES; the server checks, the form is offered to them only). The demo cash token is proposed until
 * the market has settings of its own.
 */
export function MarketSettingsPanel() {
  const { token } = useOutletContext<TokenOutlet>();
  const { user } = useSession();
  const address = getAddress(token.address);
  const current = useQuery({ queryKey: [MARKET_KEY, "settings", address], queryFn: () => request(MARKET_SETTINGS, { token: address }) });
  const deployment = useQuery({ queryKey: ["deployment"], queryFn: () => loadDeployment(), staleTime: Infinity });
  return (
    <section className="form" aria-labelledby="market-settings-heading">
      <h2 id="market-settings-heading">Secondary market</h2>
      <p className="field-hint">
        Verified investors trade {token.symbol} against a cash token in a signed order book; each trade settles on chain, tokens against cash, under the token's rules.
      </p>
      <QueryState query={current} what="the market settings">
        {({ marketSettings: s }) => (
          <SettingsForm
            token={{ address, symbol: token.symbol, decimals: token.decimals }}
            current={s}
            demoCash={deployment.data?.contracts.CashToken ?? null}
            mayChange={mayChangeMarket(token, user?.address)}
          />
        )}
      </QueryState>
    </section>
  );
}

type Current = { cashToken: Address; tickSize: string; lotSize: string; enabled: boolean; updatedBy: Address; updatedAt: string } | null;

function SettingsForm({ token, current, demoCash, mayChange }: { token: { address: Address; symbol: string; decimals: number }; current: Current; demoCash: Address | null; mayChange: boolean }) {
  const publicClient = usePublicClient();
  const queryClient = useQueryClient();
  const [cashToken, setCashToken] = useState<string>(current?.cashToken ?? demoCash ?? "");
  const [tick, setTick] = useState("");
  const [lot, setLot] = useState("");
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [errors, setErrors] = useState<MarketSettingsErrors>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  // The demo cash token is known once /deployment.json answers.
  useEffect(() => { if (!cashToken && demoCash) setCashToken(demoCash); }, [demoCash, cashToken]);
  const cashAddress = isAddress(cashToken.trim()) ? getAddress(cashToken.trim()) : null;
  const cash = useQuery({ queryKey: ["erc20-asset", cashAddress], queryFn: () => readAsset(publicClient!, cashAddress!), enabled: !!cashAddress && !!publicClient, retry: false, staleTime: Infinity });
  // Current values in human units, once the cash token's decimals are known.
  useEffect(() => {
    if (!current || !cash.data || tick || lot) return;
    setTick(formatAmount(current.tickSize, cash.data.decimals).replace(/,/g, ""));
    setLot(formatAmount(current.lotSize, token.decimals).replace(/,/g, ""));
  }, [current, cash.data, token.decimals, tick, lot]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setOutcome(null);
    const form = readMarketSettingsForm({ cashToken, tick, lot, enabled }, token, cash.data ?? null);
    setErrors(form.ok ? {} : form.errors);
    if (!form.ok) return;
    setSaving(true);
    try {
      const { setMarketSettings: s } = await request(SET_MARKET_SETTINGS, {
        token: token.address,
        settings: { cashToken: form.cashToken, tickSize: form.tickSize.toString(), lotSize: form.lotSize.toString(), enabled: form.enabled },
      });
      setOutcome({ ok: true, text: s.enabled ? "Saved: the market is open to verified investors." : "Saved: the market is closed; no new orders are accepted." });
      void queryClient.invalidateQueries({ queryKey: [MARKET_KEY] });
    } catch (error) {
      const { text, detail } = describeMarketError(error);
      setOutcome({ ok: false, text: detail ? `${text} (${detail})` : text });
    } finally {
      setSaving(false);
    }
  }

  const cashSymbol = cash.data?.symbol ?? "cash";
  return (
    <>
      <p data-testid="market-state">
        {current
          ? <>The market is <strong>{current.enabled ? "open" : "closed"}</strong>, last changed by <code>{shortAddress(current.updatedBy)}</code> on {current.updatedAt.slice(0, 16).replace("T", " ")} UTC. {current.enabled && <Link to={`/market/${token.address}`}>Open the market page</Link>}</>
          : <>This token has no market yet.</>}
      </p>
      {mayChange ? <form onSubmit={submit} noValidate aria-label="Market settings">
        <TextField
          label="Cash token"
          value={cashToken}
          onChange={(v) => { setCashToken(v); setOutcome(null); }}
          error={errors.cashToken}
          placeholder="0x…"
          hint={<>The ERC-20 investors pay with{demoCash ? <> (the demo cash token is <code>{demoCash}</code>)</> : null}{cash.data ? `: ${cash.data.symbol}, ${cash.data.decimals} decimals` : ""}. It changes only while no order is open.</>}
        />
        <Field label={`Price step (${cashSymbol} per ${token.symbol})`} error={errors.tick} hint="Prices are whole multiples of this step, e.g. 0.01.">
          <AmountInput value={tick} onChange={(v) => { setTick(v); setOutcome(null); }} symbol={cashSymbol} />
        </Field>
        <Field label={`Lot size (${token.symbol})`} error={errors.lot} hint={`Order amounts are whole multiples of this lot, e.g. 1 or 0.001. A lot at one price step must cost whole ${cashSymbol} units.`}>
          <AmountInput value={lot} onChange={(v) => { setLot(v); setOutcome(null); }} symbol={token.symbol} />
        </Field>
        <CheckboxField label="Market open: verified investors may place orders" checked={enabled} onChange={(v) => { setEnabled(v); setOutcome(null); }} />
        <div className="actions">
          <button type="submit" disabled={saving}>{saving ? "Saving…" : "Save market settings"}</button>
        </div>
      </form> : (
        <p role="note" data-testid="market-not-permitted">
          Only the token's owner and its agents holding the "Change the rules" permission (RULES) change the market; the owner grants it on the Rules &amp; agents tab.
        </p>
      )}
      {outcome && (outcome.ok
        ? <p role="status" className="tx tx-confirmed" data-testid="market-saved">{outcome.text}</p>
        : <div role="alert" className="tx tx-failed" data-testid="market-refused"><p><strong>Not saved:</strong> {outcome.text}</p></div>)}
    </>
  );
}
