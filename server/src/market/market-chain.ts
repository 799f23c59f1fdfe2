import { erc20Abi, hexToBigInt, isAddressEqual, recoverAddress, size, slice, type Address, type Hex } from "viem";
import { securityTokenAbi, settlementAbi } from "../../../deployments/abi/index.ts";
import { orderHash, type MarketOrder } from "../../../lib/market/order.ts";
import type { Chain } from "../chain/chain.ts";
import { FolioError } from "../errors.ts";

/** secp256k1's group order over two: a signature with a larger `s` is the malleable twin the contract refuses. */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** The market's reads of the chain: the Settlement contract, the security tokens' rules and the cash tokens. */
export function createMarketChain(chain: Chain) {
  const { client } = chain;
  const decimalsCache = new Map<Address, number>();

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

    async chainTime(): Promise<bigint> {
      return (await client.getBlock({ blockTag: "latest" })).timestamp;
    },

    /**
     * Whether `signature` is the maker's over the order for this chain and Settlement (EIP-712): ECDSA for an EOA,
     * ERC-1271 for a contract wallet (viem's verifyHash asks the wallet, as verifyTypedData does). Malleable ECDSA signatures (high s) are refused, as the
     * contract refuses them.
     */
    async verifySignature(order: MarketOrder, signature: Hex): Promise<boolean> {
      if (size(signature) === 65 && hexToBigInt(slice(signature, 32, 64)) > HALF_ORDER) return false;
      const hash = orderHash(order, chain.chainId, settlement());
      // As the contract's SignatureChecker does: an ECDSA signature by the maker's own key needs no chain call; any
      // other (an ERC-1271 wallet, or a key that is not the maker's) is put to the chain.
      if (size(signature) === 65) {
        const signer = await recoverAddress({ hash, signature }).catch(() => null);
        if (signer && isAddressEqual(signer, order.maker)) return true;
      }
      try {
        return await client.verifyHash({ address: order.maker, signature, hash });
      } catch {
        return false;
      }
    },

    isNonceUsed: (maker: Address, nonce: bigint) =>
      client.readContract({ address: settlement(), abi: settlementAbi, functionName: "isNonceUsed", args: [maker, nonce] }),

    /** What the Settlement counts as filled of an order (engine settles and direct fills alike). */
    filledAmount: (hash: Hex) =>
      client.readContract({ address: settlement(), abi: settlementAbi, functionName: "filledAmount", args: [hash] }),

    isFrozen: (token: Address, wallet: Address) => client.readContract({ address: token, abi: securityTokenAbi, functionName: "isFrozen", args: [wallet] }),

    isTradingHalted: (token: Address) =>
      client.readContract({ address: settlement(), abi: settlementAbi, functionName: "isTradingHalted", args: [token] }),

    /** Security tokens the wallet may transfer now: its balance less frozen and locked tokens. */
    spendable: (token: Address, wallet: Address) =>
      client.readContract({ address: token, abi: securityTokenAbi, functionName: "spendableBalanceOf", args: [wallet] }),

    balanceOf: (erc20: Address, wallet: Address) => client.readContract({ address: erc20, abi: erc20Abi, functionName: "balanceOf", args: [wallet] }),

    allowanceToSettlement: (erc20: Address, wallet: Address) =>
      client.readContract({ address: erc20, abi: erc20Abi, functionName: "allowance", args: [wallet, settlement()] }),

    canSend: (token: Address, wallet: Address) => client.readContract({ address: token, abi: securityTokenAbi, functionName: "canSend", args: [wallet] }),

    canReceive: (token: Address, wallet: Address) => client.readContract({ address: token, abi: securityTokenAbi, functionName: "canReceive", args: [wallet] }),

    /** Why the token would refuse `amount` from `from` to `to` (its ERC-1404 message and code), or null. */
    async restriction(token: Address, from: Address, to: Address, amount: bigint): Promise<string | null> {
      const code = await client.readContract({ address: token, abi: securityTokenAbi, functionName: "detectTransferRestriction", args: [from, to, amount] });
      if (code === 0) return null;
      const message = await client
        .readContract({ address: token, abi: securityTokenAbi, functionName: "messageForTransferRestriction", args: [code] })
        .catch(() => "");
      return `the token refuses the transfer: ${message || "restricted"} (code ${code})`;
    },
  };
}

export type MarketChain = ReturnType<typeof createMarketChain>;
