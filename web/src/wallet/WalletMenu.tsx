import { useState } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect } from "wagmi";
import { useSession } from "../auth/session.tsx";
import { shortAddress } from "../lib/format.ts";
import { DevAccountPicker } from "./DevAccountPicker.tsx";
import { getDevWallet } from "./dev-wallet-loader.ts";

const ROLE_NAMES: Record<string, string> = {
  PLATFORM_ADMIN: "admin",
  COMPLIANCE_OFFICER: "compliance",
  AUDITOR: "auditor",
  REGISTRY_OWNER: "registry owner",
  KYC_AGENT: "KYC agent",
  TOKEN_OWNER: "issuer",
  TOKEN_AGENT: "token agent",
  ARTWORK_ISSUER: "artwork issuer",
};

/** Connect a wallet (any EIP-6963 wallet, the dev wallet on the local chain), the session, and disconnect. */
export function WalletMenu() {
  const { address, connector, status } = useConnection();
  const session = useSession();
  const { disconnect } = useDisconnect();
  const devWallet = getDevWallet();

  if (status !== "connected" || !address) return <ConnectButtons />;
  const roles = [...new Set(session.user?.roles.map((r) => ROLE_NAMES[r.role] ?? r.role) ?? [])];
  return (
    <div className="wallet" role="group" aria-label="Wallet">
      {devWallet && connector?.id === devWallet.rdns && <DevAccountPicker wallet={devWallet} />}
      <span className="wallet-address" title={address} data-testid="wallet-address">
        {connector?.name}: <code>{shortAddress(address)}</code>
      </span>
      {session.state === "signed-in" && (
        <span className="wallet-session" data-testid="session">Signed in{roles.length ? ` (${roles.join(", ")})` : ""}</span>
      )}
      {session.state === "signing-in" && <span role="status">Check your wallet to sign in…</span>}
      {session.state === "signed-out" && (
        <button type="button" onClick={() => void session.signIn()}>Sign in</button>
      )}
      {session.notice && <span className="wallet-notice" role="alert">{session.notice}</span>}
      <button type="button" className="secondary" onClick={() => { void session.signOut(); disconnect(); }}>Disconnect</button>
    </div>
  );
}

function ConnectButtons() {
  const connectors = useConnectors();
  const { connect, error, isPending } = useConnect();
  const [open, setOpen] = useState(false);
  return (
    <div className="wallet" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <button type="button" aria-expanded={open} aria-controls="wallet-list" onClick={() => setOpen(!open)} disabled={isPending}>
        {isPending ? "Connecting…" : "Connect wallet"}
      </button>
      {open && (
        <div id="wallet-list" className="wallet-list">
          {connectors.length === 0 && <p>No browser wallet found. Install one that supports EIP-6963 (e.g. MetaMask, Rabby), then reload.</p>}
          <ul>
            {connectors.map((c) => (
              <li key={c.uid}>
                <button type="button" onClick={() => { connect({ connector: c }); setOpen(false); }}>
                  {c.icon && <img src={c.icon} alt="" width={20} height={20} />} {c.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && <span className="wallet-notice" role="alert">{error.message.split("\n")[0]}</span>}
    </div>
  );
}
