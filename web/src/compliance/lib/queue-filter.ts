import { getAddress, isAddress, type Address } from "viem";

/** The queue's status filter, in the order an officer works through them. */
export const QUEUE_STATUSES = ["SUBMITTED", "APPROVED", "SUSPENDED", "REJECTED", "DRAFT", "ERASED"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase();

/** What the wallet search box asks for. */
export type WalletSearch =
  | { kind: "none" }
  /** A whole address: the server finds its application, whatever its status. */
  | { kind: "address"; address: Address }
  /** Part of an address: the listed rows are filtered by it. */
  | { kind: "part"; needle: string }
  | { kind: "invalid"; error: string };

export function readWalletSearch(text: string): WalletSearch {
  const value = text.trim();
  if (value === "") return { kind: "none" };
  if (isAddress(value, { strict: false })) return { kind: "address", address: getAddress(value) };
  if (/^(0x)?[0-9a-fA-F]{1,40}$/.test(value)) return { kind: "part", needle: value.toLowerCase().replace(/^0x/, "") };
  return { kind: "invalid", error: "Enter a wallet address or part of one (hex digits, optionally starting with 0x)" };
}

/** True when the search keeps a row with these wallets (case-insensitive; a part matches anywhere in the address). */
export function matchesWalletSearch(search: WalletSearch, wallets: readonly string[]): boolean {
  switch (search.kind) {
    case "none":
      return true;
    case "invalid":
      return false;
    case "address":
      return wallets.some((w) => w.toLowerCase() === search.address.toLowerCase());
    case "part":
      return wallets.some((w) => w.toLowerCase().slice(2).includes(search.needle));
  }
}
