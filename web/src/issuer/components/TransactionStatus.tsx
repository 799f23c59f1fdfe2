import type { ReactNode } from "react";
import type { TransactionState } from "../lib/transaction.ts";

/** Where a transaction is, in words: checking, refused (the token's reason), in the wallet, pending, confirmed, failed. */
export function TransactionStatus({ state, confirmed }: { state: TransactionState; confirmed?: (block: bigint) => ReactNode }) {
  switch (state.status) {
    case "idle":
      return null;
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
