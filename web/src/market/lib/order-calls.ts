import { decodeFunctionData, erc20Abi, getAddress, type Address, type Hex, type PublicClient } from "viem";
import { settlementAbi } from "../../../../deployments/abi/index.ts";
import type { ContractCall } from "../../tx/send-contract-call.ts";
import type { Asset } from "./order-words.ts";

type Reader = Pick<PublicClient, "readContract">;

/** What `owner` allows the Settlement contract to move of `asset`. */
export const allowanceOf = (client: Reader, asset: Address, owner: Address, settlement: Address) =>
  client.readContract({ address: asset, abi: erc20Abi, functionName: "allowance", args: [owner, settlement] });

export const balanceOf = (client: Reader, asset: Address, owner: Address) =>
  client.readContract({ address: asset, abi: erc20Abi, functionName: "balanceOf", args: [owner] });

/** `approve(settlement, amount)` on the security token (to sell) or the cash token (to buy). */
export function approveRequest(asset: Address, settlement: Address, amount: bigint): ContractCall {
  return { address: asset, abi: erc20Abi, functionName: "approve", args: [settlement, amount] };
}

/** Symbol and decimals of any ERC-20 (the cash token is not a Folio security token, so it is read from the chain). */
export async function readAsset(client: Reader, asset: Address): Promise<Asset> {
  const [symbol, decimals] = await Promise.all([
    client.readContract({ address: asset, abi: erc20Abi, functionName: "symbol" }),
    client.readContract({ address: asset, abi: erc20Abi, functionName: "decimals" }),
  ]);
  return { symbol, decimals };
}

/** The server-built on-chain cancel, as a transaction the console sends: only Settlement.cancel(nonce) is accepted. */
export function cancelCall(tx: { to: string; data: string; value: string }, settlement: Address): ContractCall {
  if (BigInt(tx.value) !== 0n) throw new Error("The server asked to send ether with the cancel: refused");
  if (getAddress(tx.to) !== getAddress(settlement)) throw new Error(`The cancel is addressed to ${tx.to}, not to the Settlement contract: refused`);
  const { functionName, args } = decodeFunctionData({ abi: settlementAbi, data: tx.data as Hex });
  if (functionName !== "cancel") throw new Error(`The server asked for Settlement.${functionName}, not cancel: refused`);
  return { address: getAddress(tx.to), abi: settlementAbi, functionName, args: args ?? [] };
}
