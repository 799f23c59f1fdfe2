import type { Address } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";

/** `mint(to, amount)` on a token (the caller needs the MINT permission). */
export function mintRequest(token: Address, to: Address, amount: bigint) {
  return { address: token, abi: securityTokenAbi, functionName: "mint", args: [to, amount] } as const;
}

/** `batchMint(wallets, amounts)`: one transaction; any refused row reverts it whole. */
export function batchMintRequest(token: Address, mints: readonly { wallet: Address; amount: bigint }[]) {
  return {
    address: token,
    abi: securityTokenAbi,
    functionName: "batchMint",
    args: [mints.map((m) => m.wallet), mints.map((m) => m.amount)],
  } as const;
}
