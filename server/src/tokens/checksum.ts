import { getAddress, type Address } from "viem";

// viem keeps 8,192 checksums; a cap table page walks any of tens of thousands of wallets, so its cache mostly misses
// and every wallet costs a keccak. Addresses are few and never change their checksum: keep up to 200,000 (~40 MB).
const MAX_ENTRIES = 200_000;
const cache = new Map<string, Address>();

/** The EIP-55 checksummed form of an address read from the index (stored lowercase). */
export function checksum(address: string): Address {
  let found = cache.get(address);
  if (found === undefined) {
    found = getAddress(address);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(address, found);
  }
  return found;
}
