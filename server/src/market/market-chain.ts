import { erc20Abi, hexToBigInt, isAddressEqual, size, slice, type Address, type Hex } from "viem";
import { identityRegistryAbi, securityTokenAbi, settlementAbi } from "../../../deployments/abi/index.ts";
import { orderHash, type MarketOrder } from "../../../lib/market/order.ts";
import type { Chain } from "../chain/chain.ts";
import { keccak256Native } from "../crypto/keccak.ts";
import { signerRecovery } from "../crypto/signer-recovery.ts";
import { FolioError } from "../errors.ts";
import { createCoalescedReads } from "./coalesced-reads.ts";

/** secp256k1's group order over two: a signature with a larger `s` is the malleable twin the contract refuses. */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** The market's reads of the chain: the Settlement contract, the security tokens' rules and the cash tokens. */
export function createMarketChain(chain: Chain) {
  const { client } = chain;
  const decimalsCache = new Map<Address, number>();
  // Placements read several views each, many placements at once: they share multicalls (coalesced-reads.ts).
  const shared = createCoalescedReads(client);

  const settlement = (): Address => {
    const entry = chain.deployment.contracts.Settlement;
    if (!entry) throw new FolioError("MARKET_NOT_DEPLOYED", `No Settlement contract in the deployment of chain ${chain.chainId}`);
    return entry.address as Address;
  };

  return {
    chainId: chain.chainId,
    settlement,

    async decimals(token: Address): Promise<number> {
      let d = decimalsCache.get(token);
      if (d === undefined) {
        d = await client.readContract({ address: token, abi: erc20Abi, functionName: "decimals" });
        decimalsCache.set(token, d);
      }
      return d;
    },

    /** The latest block's timestamp, read after the call (concurrent callers share one read). */
    chainTime: (): Promise<bigint> => shared.chainTime(),

    /**
     * Whether `signature` is the maker's over the order for this chain and Settlement (EIP-712): ECDSA for an EOA
     * (the signer recovered on a worker thread, signer-recovery.ts), ERC-1271 for a contract wallet (viem's verifyHash
     * asks the wallet, as verifyTypedData does). Malleable ECDSA signatures (high s) are refused, as the contract
     * refuses them.
     */
    async verifySignature(order: MarketOrder, signature: Hex, hash = orderHash(order, chain.chainId, settlement(), keccak256Native)): Promise<boolean> {
      if (size(signature) === 65 && hexToBigInt(slice(signature, 32, 64)) > HALF_ORDER) return false;
      // As the contract's SignatureChecker does: an ECDSA signature by the maker's own key needs no chain call; any
      // other is valid only if the maker is a contract wallet that accepts it (ERC-1271). A wallet without code
      // never does, whatever a looser recovery (v 0 or 1) would say.
      if (size(signature) === 65) {
        const signer = await signerRecovery.recover(hash, signature);
        if (signer && isAddressEqual(signer, order.maker)) return true;
      }
      try {
        const code = await client.getCode({ address: order.maker });
        if (!code || code === "0x") return false;
        return await client.verifyHash({ address: order.maker, signature, hash });
      } catch {
        return false;
      }
    },

    /**
     * The Settlement's `isNonceUsed`, from the maker's minimum nonce and the bitmap word holding the nonce: both are
     * the same read for every nonce of a word, so a maker's batch of sequential nonces costs two views, not one each.
     */
    async isNonceUsed(maker: Address, nonce: bigint): Promise<boolean> {
      const [min, word] = await Promise.all([
        shared.read<bigint>({ address: settlement(), abi: settlementAbi, functionName: "minNonce", args: [maker] }),
        shared.read<bigint>({ address: settlement(), abi: settlementAbi, functionName: "nonceBitmap", args: [maker, nonce >> 8n] }),
      ]);
      return nonce < min || ((word >> (nonce & 255n)) & 1n) === 1n;
    },

    /** What the Settlement counts as filled of an order (engine settles and direct fills alike). */
    filledAmount: (hash: Hex) =>
      client.readContract({ address: settlement(), abi: settlementAbi, functionName: "filledAmount", args: [hash] }),

    isFrozen: (token: Address, wallet: Address) => shared.read<boolean>({ address: token, abi: securityTokenAbi, functionName: "isFrozen", args: [wallet] }),

    isTradingHalted: (token: Address) =>
      shared.read<boolean>({ address: settlement(), abi: settlementAbi, functionName: "isTradingHalted", args: [token] }),

    /** Security tokens the wallet may transfer now: its balance less frozen and locked tokens. */
    spendable: (token: Address, wallet: Address) =>
      shared.read<bigint>({ address: token, abi: securityTokenAbi, functionName: "spendableBalanceOf", args: [wallet] }),

    balanceOf: (erc20: Address, wallet: Address) => shared.read<bigint>({ address: erc20, abi: erc20Abi, functionName: "balanceOf", args: [wallet] }),

    allowanceToSettlement: (erc20: Address, wallet: Address) =>
      shared.read<bigint>({ address: erc20, abi: erc20Abi, functionName: "allowance", args: [wallet, settlement()] }),

    canSend: (token: Address, wallet: Address) => shared.read<boolean>({ address: token, abi: securityTokenAbi, functionName: "canSend", args: [wallet] }),

    canReceive: (token: Address, wallet: Address) => shared.read<boolean>({ address: token, abi: securityTokenAbi, functionName: "canReceive", args: [wallet] }),

    /**
     * ERC-3643 isVerified of the IdentityRegistry (an active investor whose KYC has not run out), the check before any
     * investor action, read with the placement's other views.
     */
    isVerified(wallet: Address): Promise<boolean> {
      const registry = chain.deployment.contracts.IdentityRegistry;
      if (!registry) throw new FolioError("REGISTRY_NOT_DEPLOYED", `No IdentityRegistry in the deployment of chain ${chain.chainId}`);
      return shared.read<boolean>({ address: registry.address as Address, abi: identityRegistryAbi, functionName: "isVerified", args: [wallet] });
    },

    /** Why the token would refuse `amount` from `from` to `to` (its ERC-1404 message and code), or null. */
    async restriction(token: Address, from: Address, to: Address, amount: bigint): Promise<string | null> {
      // With the other views: a bid crossing hundreds of one maker's asks asks the same question of each.
      const code = await shared.read<number>({ address: token, abi: securityTokenAbi, functionName: "detectTransferRestriction", args: [from, to, amount] });
      if (code === 0) return null;
      const message = await client
        .readContract({ address: token, abi: securityTokenAbi, functionName: "messageForTransferRestriction", args: [code] })
        .catch(() => "");
      return `the token refuses the transfer: ${message || "restricted"} (code ${code})`;
    },
  };
}

export type MarketChain = ReturnType<typeof createMarketChain>;
