import type { Address, PublicClient } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";
import type { Lockup, WalletHolding } from "./position.ts";

type Reader = Pick<PublicClient, "readContract">;

/**
 * What each wallet holds of one token, from the token itself: balanceOf, ERC-7943 getFrozenTokens, isFrozen and
 * the lock-up lots (lockupsOf).
 */
export async function readHoldings(client: Reader, token: Address, wallets: readonly Address[]): Promise<WalletHolding[]> {
  return Promise.all(
    wallets.map(async (wallet): Promise<WalletHolding> => {
      const read = <F extends "balanceOf" | "getFrozenTokens" | "isFrozen" | "lockupsOf">(functionName: F) =>
        client.readContract({ address: token, abi: securityTokenAbi, functionName, args: [wallet] } as never);
      const [balance, frozen, walletFrozen, lockups] = await Promise.all([
        read("balanceOf") as Promise<bigint>,
        read("getFrozenTokens") as Promise<bigint>,
        read("isFrozen") as Promise<boolean>,
        read("lockupsOf") as Promise<readonly { amount: bigint; releaseTime: number | bigint }[]>,
      ]);
      return {
        wallet,
        balance,
        frozen,
        walletFrozen,
        lockups: lockups.map((lot): Lockup => ({ amount: BigInt(lot.amount), releaseTime: BigInt(lot.releaseTime) })),
      };
    }),
  );
}
