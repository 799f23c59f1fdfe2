import { getAddress, isAddress, type Address, type Hex } from "viem";

/**
 * Linking another wallet takes two wallets in turn, so its progress lives in the tab's sessionStorage and survives
 * the account switches (each one ends the old session and signs the new account in): the primary wallet asks for
 * the challenge, the wallet to link signs it, the primary wallet sends the signature with linkWallet.
 */
export interface PendingWalletLink {
  /** The signed-in wallet that asked (its session sends linkWallet). */
  primary: Address;
  /** The wallet being linked (it signs the challenge). */
  wallet: Address;
  nonce: Hex;
  /** Unix seconds. */
  expiresAt: number;
  /** The EIP-712 typed data from requestWalletLink, as JSON. */
  typedData: string;
  signature?: Hex;
}

export type WalletLinkStep = "sign" | "switch-to-sign" | "send" | "switch-to-send" | "expired";

/** What the connected wallet should do next for a pending link. */
export function walletLinkStep(link: PendingWalletLink, connected: Address | undefined, nowSeconds: number): WalletLinkStep {
  if (link.expiresAt <= nowSeconds) return "expired";
  const is = (a: Address) => !!connected && getAddress(connected) === getAddress(a);
  if (!link.signature) return is(link.wallet) ? "sign" : "switch-to-sign";
  return is(link.primary) ? "send" : "switch-to-send";
}

/** Why a wallet cannot be linked, or undefined: a valid address, not the connected one, not already linked. */
export function walletToLinkError(text: string, connected: Address | undefined, linked: readonly string[]): string | undefined {
  const value = text.trim();
  if (value === "") return "Enter the address of the wallet to link";
  if (!isAddress(value)) return "Enter a wallet address: 0x followed by 40 hex digits";
  const wallet = getAddress(value);
  if (connected && wallet === getAddress(connected)) return "This is the wallet you are signed in with";
  if (linked.some((w) => getAddress(w) === wallet)) return "This wallet is already linked to you";
  return undefined;
}

/**
 * The challenge's typed data as wagmi's signTypedData takes it: the domain's type is left for the wallet library to
 * derive from the domain, and the uint64 expiry becomes a bigint.
 */
export function typedDataToSign(json: string) {
  const parsed = JSON.parse(json) as {
    domain: { name: string; version: string; chainId: number; verifyingContract: Address };
    types: Record<string, { name: string; type: string }[]>;
    primaryType: "LinkWallet";
    message: { investor: Address; wallet: Address; nonce: Hex; expiresAt: string };
  };
  const { EIP712Domain: _domainType, ...types } = parsed.types;
  return {
    domain: parsed.domain,
    types: types as { LinkWallet: { name: string; type: string }[] },
    primaryType: parsed.primaryType,
    message: { ...parsed.message, expiresAt: BigInt(parsed.message.expiresAt) },
  };
}

const STORAGE_KEY = "folio.walletLink";

type Storage = Pick<globalThis.Storage, "getItem" | "setItem" | "removeItem">;

export function loadWalletLink(storage: Storage = sessionStorage): PendingWalletLink | null {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as PendingWalletLink) : null;
  } catch {
    return null;
  }
}

export function saveWalletLink(link: PendingWalletLink | null, storage: Storage = sessionStorage): void {
  if (link) storage.setItem(STORAGE_KEY, JSON.stringify(link));
  else storage.removeItem(STORAGE_KEY);
}
