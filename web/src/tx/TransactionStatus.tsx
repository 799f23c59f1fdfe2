import type { ReactNode } from "react";
import type { TransactionState } from "./send-contract-call.ts";

/**
 * Where a transaction is, in words: what it will do (`action`, before anything is sent), checking, refused (the
 * token's reason), in the wallet, pending, confirmed in its block, failed with the decoded error.
 */
export function TransactionStatus({ state, action, confirmed }: { state: TransactionState; action?: string; confirmed?: (block: bigint) => ReactNode }) {
  switch (state.status) {
    case "idle":
      return action ? <p className="tx tx-idle">This will {action}.</p> : null;
    case "checking":
      return <p role="status" className="tx tx-checking">Checking with the token…</p>;
    case "refused":
      return (
        <div role="alert" className="tx tx-refused" data-testid="restriction">
          <p><strong>The token would refuse this: {state.reason}.</strong> Nothing was sent and your wallet was not opened.</p>
          {state.hint && <p>{state.hint}</p>}
        </div>
      );
    case "signing":
      return <p role="status" className="tx tx-signing">Confirm the transaction in your wallet…</p>;
    case "pending":
      return <p role="status" className="tx tx-pending">Pending: waiting for the transaction <code>{state.hash}</code> to be mined…</p>;
    case "confirmed":
      return (
        <div role="status" className="tx tx-confirmed" data-testid="tx-confirmed">
          <p><strong>Confirmed in block {state.block.toString()}.</strong> Transaction <code>{state.hash}</code></p>
          {confirmed?.(state.block)}
        </div>
      );
    case "failed":
      return (
        <div role="alert" className="tx tx-failed">
          <p><strong>Failed:</strong> {state.message}</p>
          {state.hash && <p>Transaction <code>{state.hash}</code></p>}
        </div>
      );
  }
}
