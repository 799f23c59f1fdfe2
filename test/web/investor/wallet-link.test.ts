import { hashTypedData, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { loadWalletLink, saveWalletLink, typedDataToSign, walletLinkStep, walletToLinkError, type PendingWalletLink } from "../../../web/src/investor/wallets/wallet-link.ts";

const PRIMARY = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const OTHER = "0x90F79bF6eB2C4F876E86Bd3896bd71D0d8C3b906" as const;
const NONCE = `0x${"ab".repeat(32)}` as Hex;
const NOW = 1_800_000_000;
const LINK: PendingWalletLink = { primary: PRIMARY, wallet: OTHER, nonce: NONCE, expiresAt: NOW + 600, typedData: "{}" };

/** The typed data as the server's requestWalletLink returns it (server/src/kyc/wallet-links.ts). */
const SERVER_TYPED_DATA = JSON.stringify({
  domain: { name: "Folio", version: "1", chainId: 31337, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
  types: {
    EIP712Domain: [{ name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }],
    LinkWallet: [{ name: "investor", type: "address" }, { name: "wallet", type: "address" }, { name: "nonce", type: "bytes32" }, { name: "expiresAt", type: "uint64" }],
  },
  primaryType: "LinkWallet",
  message: { investor: PRIMARY, wallet: OTHER, nonce: NONCE, expiresAt: String(NOW + 600) },
});

describe("linking another wallet", () => {
  it("asks to switch to the wallet to link, then to sign with it", () => {
    expect(walletLinkStep(LINK, PRIMARY, NOW)).toBe("switch-to-sign");
    expect(walletLinkStep(LINK, OTHER.toLowerCase() as `0x${string}`, NOW)).toBe("sign");
  });

  it("once signed, asks to switch back to the primary wallet, which sends the signature", () => {
    const signed = { ...LINK, signature: "0x1234" as Hex };
    expect(walletLinkStep(signed, OTHER, NOW)).toBe("switch-to-send");
    expect(walletLinkStep(signed, undefined, NOW)).toBe("switch-to-send");
    expect(walletLinkStep(signed, PRIMARY, NOW)).toBe("send");
  });

  it("stops at the challenge's expiry, whatever the step", () => {
    expect(walletLinkStep(LINK, OTHER, NOW + 600)).toBe("expired");
    expect(walletLinkStep({ ...LINK, signature: "0x12" }, PRIMARY, NOW + 601)).toBe("expired");
  });

  it("refuses an empty or malformed address, the signed-in wallet and an already linked one", () => {
    expect(walletToLinkError("", PRIMARY, [])).toBe("Enter the address of the wallet to link");
    expect(walletToLinkError("0xnot", PRIMARY, [])).toBe("Enter a wallet address: 0x followed by 40 hex digits");
    expect(walletToLinkError(PRIMARY.toLowerCase(), PRIMARY, [PRIMARY])).toBe("This is the wallet you are signed in with");
    expect(walletToLinkError(OTHER, PRIMARY, [PRIMARY, OTHER.toLowerCase()])).toBe("This wallet is already linked to you");
    expect(walletToLinkError(` ${OTHER} `, PRIMARY, [PRIMARY])).toBeUndefined();
  });

  it("signs the same EIP-712 digest as the server's challenge, with the domain type derived and the expiry as a number", () => {
    const typed = typedDataToSign(SERVER_TYPED_DATA);
    expect(Object.keys(typed.types)).toEqual(["LinkWallet"]);
    expect(typed.message.expiresAt).toBe(BigInt(NOW + 600));
    const raw = JSON.parse(SERVER_TYPED_DATA);
    const serverDigest = hashTypedData({ ...raw, message: { ...raw.message, expiresAt: BigInt(raw.message.expiresAt) } });
    expect(hashTypedData(typed as Parameters<typeof hashTypedData>[0])).toBe(serverDigest);
  });

  it("keeps its progress across account switches in the tab's storage, and forgets it when done", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    expect(loadWalletLink(storage)).toBeNull();
    saveWalletLink({ ...LINK, signature: "0xbeef" }, storage);
    expect(loadWalletLink(storage)).toEqual({ ...LINK, signature: "0xbeef" });
    saveWalletLink(null, storage);
    expect(loadWalletLink(storage)).toBeNull();
    store.set("folio.walletLink", "{not json");
    expect(loadWalletLink(storage)).toBeNull();
  });
});
