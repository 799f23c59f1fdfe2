import { useCallback } from "react";
import type { Address } from "viem";
import type { Preflight } from "../tx/preflight.ts";
import { useTransaction } from "../tx/use-transaction.ts";
import { certificateCall, simulatePreflight } from "./lib/certificate-calls.ts";

/**
 * One certificate transaction at a time for a form: `call(functionName, args)` on the collection goes through the
 * console's transaction flow, with a simulation as the pre-flight (a revert in the contract's words, wallet closed)
 * after the page's own `check`.
 */
export function useCertificateTransaction(collection: Address) {
  const tx = useTransaction();
  const { send, publicClient, account } = tx;
  const call = useCallback(
    async (functionName: string, args: readonly unknown[], check?: () => Promise<Preflight | null>) => {
      const contractCall = certificateCall(collection, functionName, args);
      return send(contractCall, { preflight: () => simulatePreflight(publicClient!, contractCall, account!, check) });
    },
    [collection, send, publicClient, account],
  );
  return { ...tx, call };
}
