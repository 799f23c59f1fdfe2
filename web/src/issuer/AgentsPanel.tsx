import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, type ReactNode } from "react";
import { getAddress, type Address } from "viem";
import { TextField } from "../ui/TextField.tsx";
import { Empty } from "../ui/states.tsx";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import {
  describePermissions, PERMISSIONS, planNewAgent, planPermissionChange, removeAgentRequest, setAgentPermissionsRequest, withPermission,
} from "./lib/agents-form.ts";
import type { IssuerToken } from "./lib/issuer-queries.ts";
import { checkOwner } from "./lib/permission-preflight.ts";

/** The token's agents with their permission bits: add one, change its bits, remove it (the token's owner only). */
export function AgentsPanel({ token: t }: { token: IssuerToken }) {
  return (
    <section aria-labelledby="agents-heading" className="form">
      <h2 id="agents-heading">Agents</h2>
      <p className="field-hint">
        Agents act for the token within the permissions ticked here. Only the token's owner{t.owner ? <> (<code>{t.owner}</code>)</> : null} can change them.
      </p>
      {t.agents.length === 0 ? <Empty>This token has no agents yet.</Empty> : (
        <ul aria-label="Agents" style={{ listStyle: "none", padding: 0 }}>
          {t.agents.map((agent) => <AgentRow key={agent.address} token={t} agent={getAddress(agent.address)} permissions={agent.permissions ?? 0} />)}
        </ul>
      )}
      <AddAgentForm token={t} />
    </section>
  );
}

function PermissionBoxes({ legend, bits, onChange, error }: { legend: ReactNode; bits: number; onChange(bits: number): void; error?: string }) {
  const errorId = useId();
  return (
    <fieldset aria-describedby={error ? errorId : undefined} className={error ? "field-invalid" : undefined}>
      <legend>{legend}</legend>
      {PERMISSIONS.map((p) => (
        <label key={p.name} className="checkbox">
          <input type="checkbox" checked={(bits & p.bit) !== 0} onChange={(e) => onChange(withPermission(bits, p.bit, e.target.checked))} />
          {p.label} <small>({p.name})</small>
        </label>
      ))}
      {error && <p id={errorId} className="field-error">{error}</p>}
    </fieldset>
  );
}

function AgentRow({ token: t, agent, permissions }: { token: IssuerToken; agent: Address; permissions: number }) {
  const [bits, setBits] = useState(permissions);
  const [error, setError] = useState<string | undefined>();
  const tx = useTransaction();
  const queryClient = useQueryClient();
  // The ticks follow the indexed permissions once a change is confirmed.
  useEffect(() => setBits(permissions), [permissions]);

  const send = async (call: ReturnType<typeof setAgentPermissionsRequest> | ReturnType<typeof removeAgentRequest>) => {
    if (!tx.account) return void setError("Connect your wallet first");
    const account = tx.account;
    const result = await tx.send(call, { preflight: async () => checkOwner(t.owner, account) });
    if (result.status === "confirmed") void queryClient.invalidateQueries({ queryKey: ["issuer-token"] });
  };
  const save = () => {
    const plan = planPermissionChange(permissions, bits);
    setError(plan.ok ? undefined : plan.error);
    if (plan.ok) void send(setAgentPermissionsRequest(t.address, agent, bits));
  };

  return (
    <li className="agent" data-testid="agent-row">
      <p><code>{agent}</code>: {describePermissions(permissions)}</p>
      <PermissionBoxes legend={<>Permissions of <code>{agent}</code></>} bits={bits} onChange={(b) => { setBits(b); setError(undefined); tx.reset(); }} error={error} />
      <div className="row">
        <button type="button" disabled={tx.busy} onClick={save}>Save permissions</button>
        <button type="button" disabled={tx.busy} onClick={() => { setError(undefined); void send(removeAgentRequest(t.address, agent)); }}>Remove agent</button>
      </div>
      <TransactionStatus state={tx.state} />
    </li>
  );
}

function AddAgentForm({ token: t }: { token: IssuerToken }) {
  const [address, setAddress] = useState("");
  const [bits, setBits] = useState(0);
  const [errors, setErrors] = useState<{ address?: string; permissions?: string }>({});
  const tx = useTransaction();
  const queryClient = useQueryClient();

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const plan = planNewAgent({ address, permissions: bits }, t.agents);
    setErrors(plan.ok ? {} : plan.errors);
    if (!plan.ok) return;
    if (!tx.account) return void setErrors({ address: "Connect your wallet first" });
    const account = tx.account;
    const result = await tx.send(setAgentPermissionsRequest(t.address, plan.agent, plan.permissions), { preflight: async () => checkOwner(t.owner, account) });
    if (result.status === "confirmed") {
      setAddress("");
      setBits(0);
      void queryClient.invalidateQueries({ queryKey: ["issuer-token"] });
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add an agent">
      <h3>Add an agent</h3>
      <TextField label="Agent wallet" value={address} onChange={(v) => { setAddress(v); tx.reset(); }} error={errors.address} placeholder="0x…" />
      <PermissionBoxes legend="Permissions of the new agent" bits={bits} onChange={(b) => { setBits(b); tx.reset(); }} error={errors.permissions} />
      <TransactionStatus state={tx.state} />
      <button type="submit" className="primary" disabled={tx.busy}>Add agent</button>
    </form>
  );
}
