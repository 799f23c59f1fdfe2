import fc from "fast-check";
import { getAddress, hashTypedData, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { orderHash, orderTypedData, type MarketOrder } from "../../../lib/market/order.ts";
import { keccak256Native } from "../../../server/src/crypto/keccak.ts";

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(`0x${Buffer.from(b).toString("hex")}`) as Address);
const uint = (bits: number) => fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n });
const order: fc.Arbitrary<MarketOrder> = fc.record({
  maker: address, side: fc.constantFrom(0 as const, 1 as const), token: address, cashToken: address,
  amount: uint(256), price: uint(256), nonce: uint(256), expiry: uint(64), taker: address,
});

// The intake hashes every order with the specialised encoder of lib/market/order.ts; the wallet signs the typed data
// viem encodes generically. They must never disagree, or no order's signature would check.
describe("market: the order's EIP-712 hash", () => {
  it("equals viem's hashTypedData for any order, chain and contract, with either keccak", () => {
    fc.assert(
      fc.property(order, fc.integer({ min: 1, max: 2 ** 31 }), address, (o, chainId, settlement) => {
        const expected = hashTypedData(orderTypedData(o, chainId, settlement));
        expect(orderHash(o, chainId, settlement)).toBe(expected);
        expect(orderHash(o, chainId, settlement, keccak256Native)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("keccak256Native agrees with the known digests", () => {
    expect(keccak256Native("0x")).toBe("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" as Hex);
    expect(keccak256Native(new TextEncoder().encode("abc"))).toBe("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45" as Hex);
  });
});
