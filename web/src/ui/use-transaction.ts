import { useWaitForTransactionReceipt, useWriteContract } from "wagmi";
import type { TxPhase } from "./TxStatus.tsx";

/** wagmi's write and receipt, as the phase TxStatus shows. Call `send` with writeContract's parameters. */
export function useTransaction() {
  const write = useWriteContract();
  const receipt = useWaitForTransactionReceipt({ hash: write.data });
  let state: TxPhase = { phase: "ready" };
  if (write.isPending) state = { phase: "wallet" };
  else if (write.error) state = { phase: "failed", error: write.error };
  else if (write.data && receipt.error) state = { phase: "failed", error: receipt.error };
  else if (write.data && receipt.data?.status === "reverted") state = { phase: "failed", error: new Error("The transaction was reverted") };
  else if (write.data && receipt.data) state = { phase: "confirmed", hash: write.data, blockNumber: receipt.data.blockNumber };
  else if (write.data) state = { phase: "pending", hash: write.data };
  return { state, send: write.writeContractAsync, reset: write.reset };
}
