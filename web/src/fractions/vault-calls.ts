import { erc20Abi, type Address, type PublicClient } from "viem";
import { artworkCertificateAbi, fractionVaultAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import type { Preflight } from "../tx/preflight.ts";
import { restrictionHint } from "../tx/restrictions.ts";
import { encodeTerms, type Terms } from "./terms.ts";

/** Locks a certificate: its owner sends it to the vault with the terms (the vault needs no approval for this). */
export const lockCall = (collection: Address, owner: Address, vault: Address, tokenId: bigint, terms: Terms) =>
  ({ address: collection, abi: artworkCertificateAbi, functionName: "safeTransferFrom", args: [owner, vault, tokenId, encodeTerms(terms)] }) as const;

export const approveCall = (token: Address, spender: Address, amount: bigint) => ({ address: token, abi: erc20Abi, functionName: "approve", args: [spender, amount] }) as const;

export const startBuyoutCall = (vault: Address, vaultId: bigint, cash: Address, pricePerShare: bigint, deadline: bigint) =>
  ({ address: vault, abi: fractionVaultAbi, functionName: "startBuyout", args: [vaultId, cash, pricePerShare, deadline] }) as const;

export const tenderCall = (vault: Address, vaultId: bigint, shares: bigint) => ({ address: vault, abi: fractionVaultAbi, functionName: "tender", args: [vaultId, shares] }) as const;

export const redeemCall = (vault: Address, vaultId: bigint, holders: readonly Address[]) => ({ address: vault, abi: fractionVaultAbi, functionName: "redeem", args: [vaultId, holders] }) as const;

export const claimCall = (vault: Address, cash: Address, to: Address) => ({ address: vault, abi: fractionVaultAbi, functionName: "claim", args: [cash, to] }) as const;

export const claimSharesCall = (vault: Address, vaultId: bigint, to: Address) => ({ address: vault, abi: fractionVaultAbi, functionName: "claimShares", args: [vaultId, to] }) as const;

export const releaseCall = (vault: Address, vaultId: bigint, to: Address) => ({ address: vault, abi: fractionVaultAbi, functionName: "release", args: [vaultId, to] }) as const;

export const cancelCall = (vault: Address, vaultId: bigint) => ({ address: vault, abi: fractionVaultAbi, functionName: "cancelBuyout", args: [vaultId] }) as const;

export const expireCall = (vault: Address, vaultId: bigint) => ({ address: vault, abi: fractionVaultAbi, functionName: "expireBuyout", args: [vaultId] }) as const;

/**
 * Whether the share token lets the vault take `shares` of `holder` in a tender (the vault's own check:
 * detectTransferRestrictionFrom with the vault as spender and recipient), with the token's reason when not.
 */
export async function checkTender(
  args: { token: Address; vault: Address; holder: Address; shares: bigint; beforeApproval?: boolean },
  client: Pick<PublicClient, "readContract">,
): Promise<Preflight> {
  // Before the approval the allowance check would answer first: ask the holder-to-vault transfer alone then.
  const code = Number(
    args.beforeApproval
      ? await client.readContract({ address: args.token, abi: securityTokenAbi, functionName: "detectTransferRestriction", args: [args.holder, args.vault, args.shares] })
      : await client.readContract({ address: args.token, abi: securityTokenAbi, functionName: "detectTransferRestrictionFrom", args: [args.vault, args.holder, args.vault, args.shares] }),
  );
  if (code === 0) return { allowed: true };
  const reason = String(await client.readContract({ address: args.token, abi: securityTokenAbi, functionName: "messageForTransferRestriction", args: [code] }));
  const hint = restrictionHint(code);
  return hint ? { allowed: false, code, reason, hint } : { allowed: false, code, reason };
}
