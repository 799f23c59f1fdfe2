import { encodeFunctionData, erc20Abi, getAddress, type Address, type Hex, type PublicClient } from "viem";
import { distributorAbi } from "../../../deployments/abi/index.ts";

/** A transaction for the issuer to sign with their own wallet: the server never holds issuer funds. */
export interface UnsignedTransaction {
  to: Address;
  data: Hex;
  value: bigint;
  /** What it does, for the wallet prompt. */
  description: string;
}

export interface FundingRound {
  distributor: Address;
  token: Address;
  cashToken: Address;
  fundingTotal: bigint;
  merkleRoot: Hex;
  deadline: bigint;
  recordBlock: number;
  paramsHash: Hex;
  paramsUri: string;
}

/**
 * The transactions `funder` sends to fund a round: approve the Distributor for the funded total when the allowance
 * is short (first back to zero when it is not zero, as USDT-style tokens demand), then fundRound.
 */
export async function fundingTransactions(client: PublicClient, round: FundingRound, funder: Address): Promise<{
  transactions: UnsignedTransaction[];
  allowance: bigint;
  cashBalance: bigint;
}> {
  const [allowance, cashBalance] = await Promise.all([
    client.readContract({ address: round.cashToken, abi: erc20Abi, functionName: "allowance", args: [funder, round.distributor] }),
    client.readContract({ address: round.cashToken, abi: erc20Abi, functionName: "balanceOf", args: [funder] }),
  ]);
  const transactions: UnsignedTransaction[] = [];
  const approve = (amount: bigint, description: string) =>
    transactions.push({
      to: getAddress(round.cashToken),
      data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [round.distributor, amount] }),
      value: 0n,
      description,
    });
  if (allowance < round.fundingTotal) {
    if (allowance > 0n) approve(0n, "Reset the Distributor's cash-token allowance to zero");
    approve(round.fundingTotal, `Allow the Distributor to pull ${round.fundingTotal} cash-token units`);
  }
  transactions.push({
    to: getAddress(round.distributor),
    data: encodeFunctionData({
      abi: distributorAbi,
      functionName: "fundRound",
      args: [{
        token: round.token,
        cashToken: round.cashToken,
        total: round.fundingTotal,
        merkleRoot: round.merkleRoot,
        deadline: round.deadline,
        recordBlock: BigInt(round.recordBlock),
        paramsHash: round.paramsHash,
        paramsUri: round.paramsUri,
      }],
    }),
    value: 0n,
    description: `Fund the distribution round with ${round.fundingTotal} cash-token units`,
  });
  return { transactions, allowance, cashBalance };
}
