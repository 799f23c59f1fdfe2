import { domainSeparator, keccak256, toHex, type Address, type Hex, type TypedDataDomain } from "viem";

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

/** keccak256 of the `Order` type string, as the contract's ORDER_TYPEHASH. */
const ORDER_TYPEHASH = keccak256(
  toHex(`Order(${ORDER_TYPES.Order.map((f) => `${f.type} ${f.name}`).join(",")})`),
);
const separators = new Map<string, Hex>();

/** One 32-byte ABI word of an address or an unsigned integer, as hex without 0x. */
const word = (value: Address | bigint | number): string =>
  (typeof value === "string" ? value.slice(2).toLowerCase() : value.toString(16)).padStart(64, "0");

/**
 * The order's EIP-712 hash: its identity in the book, the database and the contract (`hashOrder`). Computed as the
 * contract does (`keccak256(0x1901 ‖ domain separator ‖ keccak256(abi.encode(ORDER_TYPEHASH, fields…)))`) with the
 * domain separator kept per chain and contract: viem's generic `hashTypedData` re-derives the types and the domain on
 * every call, over 1 ms an order, the largest cost of an order's intake (test/server/market/order-hash.test.ts holds
 * the two equal). The server passes a native `keccak`; the console keeps viem's.
 */
export function orderHash(order: MarketOrder, chainId: number, settlement: Address, keccak: (data: Hex) => Hex = keccak256): Hex {
  const key = `${chainId}:${settlement}`;
  let separator = separators.get(key);
  if (!separator) separators.set(key, (separator = domainSeparator({ domain: settlementDomain(chainId, settlement) })));
  const struct = keccak(
    `0x${ORDER_TYPEHASH.slice(2)}${word(order.maker)}${word(order.side)}${word(order.token)}${word(order.cashToken)}${word(order.amount)}${word(order.price)}${word(order.nonce)}${word(order.expiry)}${word(order.taker)}`,
  );
  return keccak(`0x1901${separator.slice(2)}${struct.slice(2)}`);
}

/**
 * Cash for `amount` security-token units at `price` per whole token, exactly as the contract computes it
 * (`amount * price / 10**decimals`, full precision), rounded up or down.
 */
export function cashFor(amount: bigint, price: bigint, tokenDecimals: number, roundUp: boolean): bigint {
  const unit = 10n ** BigInt(tokenDecimals);
  const product = amount * price;
  return roundUp ? (product + unit - 1n) / unit : product / unit;
}
