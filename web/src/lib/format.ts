import { formatUnits } from "viem";

/** A token amount in whole units with thousands separators, keeping every significant decimal. */
export function formatAmount(raw: string | bigint, decimals: number): string {
  const [whole, fraction] = formatUnits(BigInt(raw), decimals).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
