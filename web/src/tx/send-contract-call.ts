import type { Abi, Account, Address, Hex, PublicClient, TransactionReceipt, WalletClient } from "viem";
import { describeTransactionError } from "./describe-error.ts";
import type { Preflight } from "./preflight.ts";

/** A contract call, as the request builders of this folder return it. */
export interface ContractCall {
  address: Address;
  abi: Abi | readonly unknown[];
  functionName: string;
  args: readonly unknown[];
}

/**
 * Where one transaction is: checked and refused before the wallet opened (`refused`: the token's reason; `failed`
 * without a hash: the simulation's decoded error), waiting for the wallet, pending with its hash, confirmed in a
 * block, or failed with the decoded error.
 */
export type TransactionState =
  | { status: "idle" }
  | { status: "checking" }
  | { status: "refused"; code: number; reason: string; hint?: string }
  | { status: "signing" }
  | { status: "pending"; hash: Hex }
  | { status: "confirmed"; hash: Hex; block: bigint; receipt: TransactionReceipt }
  | { status: "failed"; message: string; hash?: Hex };

export interface TransactionClients {
  publicClient: Pick<PublicClient, "simulateContract" | "waitForTransactionReceipt">;
  walletClient: Pick<WalletClient, "writeContract">;
  account: Address;
}

/**
 * Sends one contract call as the console does every transaction: the pre-flight check (a refusal stops here, the
 * wallet never opens), a simulation (a revert is decoded and stops here too), then the wallet, then the receipt.
 * Every step is reported through `onState`.
 */
export async function sendContractCall(options: {
  call: ContractCall;
  clients: TransactionClients;
  preflight?: () => Promise<Preflight>;
  decimals?: number;
  onState: (state: TransactionState) => void;
}): Promise<TransactionState> {
  const { call, clients, onState } = options;
  const report = (state: TransactionState) => {
    onState(state);
    return state;
  };
  let hash: Hex | undefined;
  try {
    report({ status: "checking" });
    if (options.preflight) {
      const answer = await options.preflight();
      if (!answer.allowed) return report({ status: "refused", code: answer.code, reason: answer.reason, hint: answer.hint });
    }
    // viem infers argument types from a literal ABI; these calls come typed from their builders, so widen here once.
    const request = { ...call, account: clients.account } as unknown as Parameters<PublicClient["simulateContract"]>[0];
    await clients.publicClient.simulateContract(request);
    report({ status: "signing" });
    hash = await clients.walletClient.writeContract({ ...request, chain: null } as unknown as Parameters<WalletClient["writeContract"]>[0] & { account: Account | Address });
    report({ status: "pending", hash });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") return report({ status: "failed", hash, message: `The transaction reverted in block ${receipt.blockNumber}` });
    return report({ status: "confirmed", hash, block: receipt.blockNumber, receipt });
  } catch (error) {
    return report({ status: "failed", message: describeTransactionError(error, options.decimals), hash });
  }
}
