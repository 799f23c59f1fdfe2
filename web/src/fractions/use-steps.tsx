import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { ContractCall, TransactionState } from "../tx/send-contract-call.ts";
import type { Preflight } from "../tx/preflight.ts";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";

/** One transaction of a task: what it does in words, the call, and the check before the wallet opens. */
export interface Step {
  label: string;
  call: ContractCall;
  preflight?: () => Promise<Preflight>;
  decimals?: number;
}

/**
 * Sends a task's transactions one after the other (an approval only when missing, then the action), stopping at the
 * first that is refused or fails; the vault's pages re-read the chain after each confirmed one.
 */
export function useSteps() {
  const tx = useTransaction();
  const queryClient = useQueryClient();
  const [steps, setSteps] = useState<string[]>([]);
  const [current, setCurrent] = useState(0);

  const run = async (list: Step[]): Promise<TransactionState> => {
    setSteps(list.map((s) => s.label));
    let last: TransactionState = { status: "idle" };
    for (const [i, step] of list.entries()) {
      setCurrent(i);
      last = await tx.send(step.call, { preflight: step.preflight, decimals: step.decimals });
      if (last.status !== "confirmed") return last;
      void queryClient.invalidateQueries({ queryKey: ["fractions"] });
    }
    return last;
  };
  const reset = () => {
    setSteps([]);
    tx.reset();
  };

  /** The step under way and its transaction's state. */
  const status = (confirmed?: ReactNode) => (
    <div className="steps-status">
      {steps.length > 1 && <p className="field-hint" data-testid="step">Step {current + 1} of {steps.length}: {steps[current]}.</p>}
      <TransactionStatus state={tx.state} confirmed={current === steps.length - 1 && confirmed ? () => confirmed : undefined} />
    </div>
  );
  return { run, reset, status, busy: tx.busy, account: tx.account, publicClient: tx.publicClient, state: tx.state };
}
