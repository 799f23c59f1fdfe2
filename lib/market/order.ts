import { hashTypedData, type Address, type Hex, type TypedDataDomain } from "viem";

/**
 * A market order exactly as its maker signs it: the EIP-712 type `Order` of the Settlement contract
 * (contracts/interfaces/ISettlement.sol), shared by the server's intake and the console's order form.
 */
export interface MarketOrder {
  maker: Address;
  /** 0 buy (pay cash for security tokens), 1 sell. */
  side: 0 | 1;
  /** The security token. */
  token: Address;
  cashToken: Address;
  /** Most security-token units (smallest units) the order may trade in total. */
  amount: bigint;
  /** Limit price: cash-token units per whole security token. */
  price: bigint;
  nonce: bigint;
  /** Last Unix time (seconds, inclusive) at which the order may fill. */
  expiry: bigint;
  /** The only counterparty allowed; the zero address for anyone. */
  taker: Address;
}

export const ORDER_TYPES = {
  Order: [
    { name: "maker", type: "address" },
    { name: "side", type: "uint8" },
    { name: "token", type: "address" },
    { name: "cashToken", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "price", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint64" },
    { name: "taker", type: "address" },
  ],
} as const;

/** The Settlement contract's EIP-712 domain: bound to the chain and to that contract. */
export const settlementDomain = (chainId: number, settlement: Address): TypedDataDomain => ({
  name: "Folio Settlement",
  version: "1",
  chainId,
  verifyingContract: settlement,
});

/** What a wallet is asked to sign (eth_signTypedData_v4) for `order`. */
export const orderTypedData = (order: MarketOrder, chainId: number, settlement: Address) => ({
  domain: settlementDomain(chainId, settlement),
  types: ORDER_TYPES,
  primaryType: "Order" as const,
  message: order,
});

/** The order's EIP-712 hash: its identity in the book, the database and the contract (`hashOrder`). */
export const orderHash = (order: MarketOrder, chainId: number, settlement: Address): Hex =>
  hashTypedData(orderTypedData(order, chainId, settlement));

/**
 * Cash for `amount` security-token units at `price` per whole token, exactly as the contract computes it
 * (`amount * price / 10**decimals`, full precision), rounded up or down.
 */
export function cashFor(amount: bigint, price: bigint, tokenDecimals: number, roundUp: boolean): bigint {
  const unit = 10n ** BigInt(tokenDecimals);
  const product = amount * price;
  return roundUp ? (product + unit - 1n) / unit : product / unit;
}
