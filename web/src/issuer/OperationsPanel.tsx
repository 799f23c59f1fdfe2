import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useOutletContext } from "react-router";
import type { Hex } from "viem";
import { AmountInput } from "../ui/AmountInput.tsx";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { Empty, QueryState } from "../ui/states.tsx";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import type { TokenOutlet } from "./IssuerTokenPage.tsx";
import { actionName, describeArguments, fetchAgentActions, recordAgentAction } from "./lib/agent-action-queries.ts";
import type { IssuerToken } from "./lib/issuer-queries.ts";
import {
  planForcedTransfer, planPartialFreeze, planRecovery, planWalletFreeze, REASON_MAX, type AgentOperation, type OperationPlan,
} from "./lib/operations-form.ts";
import { checkAgentPermission } from "./lib/permission-preflight.ts";

/**
 * The token page's "Operations" tab: freezes, partial freezes, forced transfers and wallet recovery, each with a
 * reason that the server records in the audit log once the transaction is confirmed; then the recorded actions.
 */
export function OperationsPanel() {
  const { token } = useOutletContext<TokenOutlet>();
  return (
    <>
      <WalletFreezeForm token={token} />
      <PartialFreezeForm token={token} />
      <ForcedTransferForm token={token} />
      <RecoveryForm token={token} />
      <RecentActions token={token} />
    </>
  );
}

type Recording = { status: "idle" } | { status: "recording" } | { status: "recorded"; id: string } | { status: "failed"; message: string; hash: Hex; reason: string };

/** Sends an operation (permission asked first, so a wallet without it never opens), then records its reason. */
function useAgentOperation(token: IssuerToken) {
  const tx = useTransaction();
  const queryClient = useQueryClient();
  const [recording, setRecording] = useState<Recording>({ status: "idle" });

  const record = async (hash: Hex, reason: string) => {
    setRecording({ status: "recording" });
    try {
      const entry = await recordAgentAction({ token: token.address, txHash: hash, reason });
      setRecording({ status: "recorded", id: entry.id });
      void queryClient.invalidateQueries({ queryKey: ["agent-actions", token.address] });
    } catch (error) {
      setRecording({ status: "failed", message: (error as Error).message, hash, reason });
    }
  };

  const run = async (operation: AgentOperation) => {
    setRecording({ status: "idle" });
    if (!tx.publicClient || !tx.account) return;
    const account = tx.account;
    const result = await tx.send(operation.call, {
      decimals: token.decimals,
      preflight: () => checkAgentPermission({ token: token.address, account, permission: operation.permission }, tx.publicClient!),
    });
    if (result.status !== "confirmed") return;
    void queryClient.invalidateQueries({ queryKey: ["issuer-token"] });
    await record(result.hash, operation.reason);
  };

  const reset = () => {
    tx.reset();
    setRecording({ status: "idle" });
  };

  const status = (
    <>
      <TransactionStatus state={tx.state} />
      {recording.status === "recording" && <p role="status">Recording the reason in the audit log…</p>}
      {recording.status === "recorded" && <p role="status" data-testid="reason-recorded">The reason is recorded in the audit log (entry {recording.id}).</p>}
      {recording.status === "failed" && (
        <div role="alert" className="state state-error">
          <p><strong>The transaction is confirmed, but its reason was not recorded:</strong> {recording.message}</p>
          <button type="button" onClick={() => void record(recording.hash, recording.reason)}>Record the reason again</button>
        </div>
      )}
    </>
  );
  return { run, reset, busy: tx.busy || recording.status === "recording", connected: !!tx.account, status };
}

function ReasonField({ value, onChange, error }: { value: string; onChange(value: string): void; error?: string }) {
  const length = [...value.trim()].length;
  return (
    <Field
      label="Reason"
      error={error}
      hint={`Required, up to ${REASON_MAX} characters (${length} so far). Kept in the audit log with the transaction: cite the order, ticket or request, not personal details.`}
    >
      <textarea rows={3} value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

/** One operation form: its fields, the sentence saying what it will do, its button, the transaction and the record. */
function OperationForm<F extends string>(props: {
  id: string;
  title: string;
  intro: ReactNode;
  token: IssuerToken;
  plan: () => OperationPlan<F>;
  button: string;
  children: (errors: Partial<Record<F, string>>, touch: () => void) => ReactNode;
}) {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const operation = useAgentOperation(props.token);
  const preview = props.plan();

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const plan = props.plan();
    setErrors(plan.ok ? {} : plan.errors);
    if (!plan.ok) return;
    await operation.run(plan.operation);
  };

  return (
    <section aria-labelledby={`${props.id}-heading`} className="form">
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      <p className="field-hint">{props.intro}</p>
      <form onSubmit={onSubmit} noValidate aria-label={props.title}>
        {props.children(errors, operation.reset)}
        <p className="field-hint" data-testid={`${props.id}-preview`} style={{ overflowWrap: "anywhere" }}>
          {preview.ok ? `This will ${preview.operation.description}.` : "Fill in the form to see what the transaction will do."}
        </p>
        <button type="submit" className="primary" disabled={operation.busy}>{props.button}</button>
      </form>
      {operation.status}
    </section>
  );
}

function FreezeChoice({ name, freeze, onChange, labels }: { name: string; freeze: boolean; onChange(freeze: boolean): void; labels: [string, string] }) {
  return (
    <div className="radio-group" role="radiogroup" aria-label="Freeze or unfreeze">
      {([[true, labels[0]], [false, labels[1]]] as const).map(([value, label]) => (
        <label key={label} className="checkbox">
          <input type="radio" name={name} checked={freeze === value} onChange={() => onChange(value)} /> {label}
        </label>
      ))}
    </div>
  );
}

function WalletFreezeForm({ token: t }: { token: IssuerToken }) {
  const [input, setInput] = useState({ wallet: "", freeze: true, reason: "" });
  return (
    <OperationForm
      id="wallet-freeze"
      title="Freeze or unfreeze a wallet"
      intro={`A frozen wallet can neither send nor receive ${t.symbol}. Needs the FREEZE permission.`}
      token={t}
      plan={() => planWalletFreeze(t, input)}
      button={input.freeze ? "Freeze wallet" : "Unfreeze wallet"}
    >
      {(errors, touch) => {
        const set = (patch: Partial<typeof input>) => { setInput({ ...input, ...patch }); touch(); };
        return (
          <>
            <TextField label="Wallet" value={input.wallet} onChange={(wallet) => set({ wallet })} error={errors.wallet} placeholder="0x…" />
            <FreezeChoice name="walletFreeze" freeze={input.freeze} onChange={(freeze) => set({ freeze })} labels={["Freeze the wallet", "Unfreeze the wallet"]} />
            <ReasonField value={input.reason} onChange={(reason) => set({ reason })} error={errors.reason} />
          </>
        );
      }}
    </OperationForm>
  );
}

function PartialFreezeForm({ token: t }: { token: IssuerToken }) {
  const [input, setInput] = useState({ wallet: "", amount: "", freeze: true, reason: "" });
  return (
    <OperationForm
      id="partial-freeze"
      title="Freeze or unfreeze an amount"
      intro={`Frozen ${t.symbol} stay in the wallet but cannot move. Needs the FREEZE permission.`}
      token={t}
      plan={() => planPartialFreeze(t, input)}
      button={input.freeze ? `Freeze ${t.symbol}` : `Unfreeze ${t.symbol}`}
    >
      {(errors, touch) => {
        const set = (patch: Partial<typeof input>) => { setInput({ ...input, ...patch }); touch(); };
        return (
          <>
            <TextField label="Wallet" value={input.wallet} onChange={(wallet) => set({ wallet })} error={errors.wallet} placeholder="0x…" />
            <Field label={`Amount (${t.symbol})`} error={errors.amount} hint={`In token units, up to ${t.decimals} decimals.`}>
              <AmountInput value={input.amount} onChange={(amount) => set({ amount })} symbol={t.symbol} />
            </Field>
            <FreezeChoice name="partialFreeze" freeze={input.freeze} onChange={(freeze) => set({ freeze })} labels={["Freeze this amount", "Unfreeze this amount"]} />
            <ReasonField value={input.reason} onChange={(reason) => set({ reason })} error={errors.reason} />
          </>
        );
      }}
    </OperationForm>
  );
}

function ForcedTransferForm({ token: t }: { token: IssuerToken }) {
  const [input, setInput] = useState({ from: "", to: "", amount: "", reason: "" });
  return (
    <OperationForm
      id="forced-transfer"
      title="Forced transfer"
      intro={`Moves ${t.symbol} without the holder's signature, frozen ones first if needed; the receiving wallet must be a verified investor. Needs the FORCED_TRANSFER permission.`}
      token={t}
      plan={() => planForcedTransfer(t, input)}
      button="Force the transfer"
    >
      {(errors, touch) => {
        const set = (patch: Partial<typeof input>) => { setInput({ ...input, ...patch }); touch(); };
        return (
          <>
            <TextField label="From wallet" value={input.from} onChange={(from) => set({ from })} error={errors.from} placeholder="0x…" />
            <TextField label="To wallet" value={input.to} onChange={(to) => set({ to })} error={errors.to} placeholder="0x…" />
            <Field label={`Amount (${t.symbol})`} error={errors.amount} hint={`In token units, up to ${t.decimals} decimals.`}>
              <AmountInput value={input.amount} onChange={(amount) => set({ amount })} symbol={t.symbol} />
            </Field>
            <ReasonField value={input.reason} onChange={(reason) => set({ reason })} error={errors.reason} />
          </>
        );
      }}
    </OperationForm>
  );
}

function RecoveryForm({ token: t }: { token: IssuerToken }) {
  const [input, setInput] = useState({ lost: "", newWallet: "", reason: "" });
  return (
    <OperationForm
      id="recovery"
      title="Wallet recovery"
      intro={`Moves everything a lost wallet holds (balance, frozen amount, freeze, lock-ups) to a new wallet of the same investor, linked by KYC first. Needs the RECOVERY permission.`}
      token={t}
      plan={() => planRecovery(t, input)}
      button="Recover the wallet"
    >
      {(errors, touch) => {
        const set = (patch: Partial<typeof input>) => { setInput({ ...input, ...patch }); touch(); };
        return (
          <>
            <TextField label="Lost wallet" value={input.lost} onChange={(lost) => set({ lost })} error={errors.lost} placeholder="0x…" />
            <TextField label="New wallet" value={input.newWallet} onChange={(newWallet) => set({ newWallet })} error={errors.newWallet} placeholder="0x…" />
            <ReasonField value={input.reason} onChange={(reason) => set({ reason })} error={errors.reason} />
          </>
        );
      }}
    </OperationForm>
  );
}

function RecentActions({ token: t }: { token: IssuerToken }) {
  const query = useQuery({ queryKey: ["agent-actions", t.address], queryFn: () => fetchAgentActions(t.address), retry: false });
  return (
    <section aria-labelledby="actions-heading" className="form">
      <h2 id="actions-heading">Recent agent actions</h2>
      <p className="field-hint">Freezes, forced transfers, recoveries, burns and pauses with the reasons recorded in the audit log, newest first.</p>
      <QueryState query={query} what="the agent actions">
        {(rows) => rows.length === 0 ? <Empty>No agent action has been recorded for {t.symbol} yet.</Empty> : (
          // Focusable, so a keyboard can scroll it sideways on a narrow screen; long addresses wrap anywhere.
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Recent agent actions, scrollable">
            <table aria-label="Recent agent actions">
              <thead><tr><th scope="col">Block</th><th scope="col">Action</th><th scope="col">Details</th><th scope="col">Reason</th><th scope="col">By</th></tr></thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-testid="agent-action">
                    <td>{row.block}</td>
                    <td>{actionName(row)}</td>
                    <td style={{ overflowWrap: "anywhere" }}>{describeArguments(row, t)}</td>
                    <td>{row.reason}</td>
                    <td><code>{row.actor}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
