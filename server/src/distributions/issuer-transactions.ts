import { encodeFunctionData, type Address, type PublicClient } from "viem";
import { distributorAbi } from "../../../deployments/abi/index.ts";
import { FolioError } from "../errors.ts";
import { onChainRemaining, type DistributionView } from "./distribution-views.ts";
import { fundingTransactions, type UnsignedTransaction } from "./funding-transactions.ts";

/**
 * The transactions `funder` signs to fund a declared round (empty once it is funded). Only the declaring wallet
 * funds it: the round is linked to no other wallet's funding (readFundings).
 */
export async function roundFundingTransactions(client: PublicClient, view: DistributionView, funder: Address): Promise<UnsignedTransaction[]> {
  if (view.status !== "DECLARED") return [];
  if (funder.toLowerCase() !== view.declaredBy.toLowerCase()) {
    throw new FolioError("DISTRIBUTION_NOT_FUNDER", `Only the wallet that declared the round (${view.declaredBy}) can fund it`, {
      hint: "A funding by another wallet is not linked to this round; declare a round of your own to fund one",
    });
  }
  return (await fundingTransactions(client, view, funder)).transactions;
}

/**
 * reclaim(roundId) once the deadline has passed and something is left; null otherwise. What is left is read on chain
 * (issuers only, one round at a time): a transaction built from a lagging index would revert.
 */
export async function reclaimTransaction(client: PublicClient, view: DistributionView): Promise<UnsignedTransaction | null> {
  if (!view.funding || view.claimOpen) return null;
  if ((await onChainRemaining(client, view.distributor, view.funding.roundId)) === 0n) return null;
  return {
    to: view.distributor,
    data: encodeFunctionData({ abi: distributorAbi, functionName: "reclaim", args: [view.funding.roundId] }),
    value: 0n,
    description: "Take back what is left of the round after its deadline",
  };
}
