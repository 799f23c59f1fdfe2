import { describeTxError } from "./tx-error.ts";

export type TxPhase =
  | { phase: "ready" }
  | { phase: "wallet" }
  | { phase: "pending"; hash: `0x${string}` }
  | { phase: "confirmed"; hash: `0x${string}`; blockNumber: bigint }
  | { phase: "failed"; error: unknown };

/**
 * Where a transaction stands, in words: what it will do before the wallet opens, then waiting for the wallet,
 * pending, confirmed in a block, or failed with the decoded error. Announced to screen readers as it changes.
 */
export function TxStatus({ action, state }: { action: string; state: TxPhase }) {
  return (
    <div className={`tx-status tx-${state.phase}`} role="status" aria-live="polite">
      {state.phase === "ready" && <p>This will {action}.</p>}
      {state.phase === "wallet" && <p>Confirm in your wallet to {action}.</p>}
      {state.phase === "pending" && <p>Pending: waiting for the transaction <code>{short(state.hash)}</code> to be mined…</p>}
      {state.phase === "confirmed" && <p>Confirmed in block {state.blockNumber.toString()} (<code>{short(state.hash)}</code>).</p>}
      {state.phase === "failed" && <p className="error">Failed: {describeTxError(state.error)}</p>}
    </div>
  );
}

const short = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;
