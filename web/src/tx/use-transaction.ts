import { useCallback, useState } from "react";
import { useConnection, usePublicClient, useWalletClient } from "wagmi";
import type { Preflight } from "./preflight.ts";
import { sendContractCall, type ContractCall, type TransactionState } from "./send-contract-call.ts";

/** One transaction at a time for a page: its state, and `send` (pre-flight, simulation, wallet, receipt). */
export function useTransaction() {
  const { address } = useConnection();
  const publicClient = usePublicClient();
  const { data: walletClient } = useWalletClient();
  const [state, setState] = useState<TransactionState>({ status: "idle" });

  const send = useCallback(
    async (call: ContractCall, options: { preflight?: () => Promise<Preflight>; decimals?: number } = {}) => {
      if (!address || !publicClient || !walletClient) {
        const failed: TransactionState = { status: "failed", message: "Connect your wallet first" };
        setState(failed);
        return failed;
      }
      return sendContractCall({ call, clients: { publicClient, walletClient, account: address }, ...options, onState: setState });
    },
    [address, publicClient, walletClient],
  );
  const reset = useCallback(() => setState({ status: "idle" }), []);
  const busy = state.status === "checking" || state.status === "signing" || state.status === "pending";
  return { state, send, reset, busy, account: address, publicClient };
}
