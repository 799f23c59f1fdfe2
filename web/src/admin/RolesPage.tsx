import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, request } from "../api/graphql.ts";
import { shortAddress } from "../lib/format.ts";
import { Field } from "../ui/Field.tsx";
import { Empty, QueryState } from "../ui/states.tsx";
import { GRANT_ROLE, REVOKE_ROLE, ROLE_HOLDERS } from "./admin-queries.ts";
import { describeRoleChange, PLATFORM_ROLES, readRoleWallet, ROLE_LABELS, type PlatformRole } from "./lib/role-form.ts";

type Change = { action: "grant" | "revoke"; address: `0x${string}`; role: PlatformRole };

/** The server's refusal with its hint, e.g. the last admin or an admin by configuration. */
const refusal = (error: Error) => (error instanceof ApiError && error.hint ? `${error.message}. ${error.hint}.` : error.message);

/** Grant and revoke the off-chain roles, and who holds which. Platform admins only. */
export function RolesPage() {
  const holders = useQuery({ queryKey: ["roleHolders"], queryFn: () => request(ROLE_HOLDERS) });
  const queryClient = useQueryClient();
  const [wallet, setWallet] = useState("");
  const [role, setRole] = useState<PlatformRole>("COMPLIANCE_OFFICER");
  const [walletError, setWalletError] = useState<string>();
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: async (c: Change) => {
      const changed = c.action === "grant"
        ? (await request(GRANT_ROLE, { address: c.address, role: c.role })).grantRole
        : (await request(REVOKE_ROLE, { address: c.address, role: c.role })).revokeRole;
      return describeRoleChange(c.action, c.address, c.role, changed);
    },
    onMutate: () => setDone(null),
    onSuccess: (message) => {
      setDone(message);
      void queryClient.invalidateQueries({ queryKey: ["roleHolders"] });
    },
  });

  function submit(action: "grant" | "revoke") {
    return (event: FormEvent) => {
      event.preventDefault();
      const parsed = readRoleWallet(wallet);
      setWalletError(parsed.ok ? undefined : parsed.error);
      if (parsed.ok) change.mutate({ action, address: parsed.address, role });
    };
  }

  return (
    <section>
      <h1>Platform roles</h1>
      <p>
        Off-chain roles decide what people may do in Folio: compliance officers review KYC applications, auditors read the audit
        log, platform admins manage roles. Roles on chain (token owners and agents, KYC agents) are managed on the tokens and the
        registry.
      </p>
      <form className="form" aria-labelledby="role-change-title" noValidate onSubmit={submit("grant")}>
        <h2 id="role-change-title">Grant or revoke a role</h2>
        <Field label="Wallet address" error={walletError}>
          <input type="text" name="roleWallet" autoComplete="off" placeholder="0x…" value={wallet} onChange={(e) => setWallet(e.target.value)} />
        </Field>
        <Field label="Role">
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as PlatformRole)}>
            {PLATFORM_ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]} ({r})</option>)}
          </select>
        </Field>
        <div className="actions">
          <button type="submit" disabled={change.isPending}>Grant role</button>
          <button type="button" className="secondary" disabled={change.isPending} onClick={submit("revoke")}>Revoke role</button>
        </div>
      </form>
      <div aria-live="polite">
        {change.error && <p className="error" role="alert" data-testid="role-refusal">Refused: {refusal(change.error)}</p>}
        {done && <p className="success" role="status" data-testid="role-result">{done}</p>}
      </div>

      <h2>Who holds which role</h2>
      <QueryState query={holders} what="the role holders">
        {({ platformRoleHolders: rows }) =>
          rows.length === 0 ? <Empty>Nobody holds an off-chain role.</Empty> : (
            <div className="table-scroll">
              <table aria-label="Role holders">
                <thead><tr><th scope="col">Wallet</th><th scope="col">Role</th><th scope="col">Granted</th><th scope="col"><span className="visually-hidden">Action</span></th></tr></thead>
                <tbody>
                  {rows.map((h) => (
                    <tr key={`${h.role}:${h.address}`} data-testid="role-holder">
                      <td className="cell-wrap"><code>{h.address}</code></td>
                      <td>{ROLE_LABELS[h.role]}</td>
                      <td>{h.configured ? "by configuration (FOLIO_ADMIN_ADDRESSES)" : `by ${h.grantedBy ? shortAddress(h.grantedBy) : "—"}${h.grantedAt ? `, ${new Date(h.grantedAt).toLocaleDateString("en-GB", { dateStyle: "medium" })}` : ""}`}</td>
                      <td>
                        <button type="button" className="secondary" disabled={change.isPending} aria-label={`Revoke ${ROLE_LABELS[h.role].toLowerCase()} from ${h.address}`}
                          onClick={() => change.mutate({ action: "revoke", address: h.address, role: h.role })}>
                          Revoke
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
