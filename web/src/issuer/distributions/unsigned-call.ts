import { decodeFunctionData, erc20Abi, getAddress, type Address, type Hex } from "viem";
import { distributorAbi } from "../../../../deployments/abi/index.ts";
import type { ContractCall } from "../../tx/send-contract-call.ts";

/** A transaction the server built for the user to sign (declareDistribution, fundingTransactions, myClaims, reclaim). */
export interface UnsignedTransaction {
  to: Address;
  data: string;
  value: string;
  description: string;
}

/** What a server-built transaction may call: the Distributor's and ERC-20's functions, nothing else. */
const SIGNABLE_ABI = [...distributorAbi, ...erc20Abi];

/**
 * A server-built transaction as the console's one transaction path sends it (pre-flight, simulation, wallet,
 * receipt): its calldata decoded against the Distributor and ERC-20 ABIs, so the wallet, the simulation and a revert's
 * decoded error all name the function. Anything else (ether, another contract than `targets`, an unknown function) is
 * refused here, before the wallet opens.
 */
export function toContractCall(tx: UnsignedTransaction, targets: readonly Address[]): ContractCall {
  if (BigInt(tx.value) !== 0n) throw new Error("The server asked to send ether with this transaction: refused");
  if (!targets.some((t) => t.toLowerCase() === tx.to.toLowerCase())) throw new Error(`The transaction is addressed to ${tx.to}, not to the round's contracts: refused`);
  const { functionName, args } = decodeFunctionData({ abi: SIGNABLE_ABI, data: tx.data as Hex });
  return { address: getAddress(tx.to), abi: SIGNABLE_ABI, functionName, args: args ?? [] };
}
