// The dev wallet: a browser wallet for the local chain of `npm start` only. It signs with the public anvil dev
// accounts and forwards every other call to the local JSON-RPC endpoint. This module is loaded lazily, and only when
// the server's /config.json offers it (local chain, not production), so its keys never reach a production page.
import { announceProvider } from "mipd";
import { createWalletClient, defineChain, http, numberToHex, type Hex } from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import type { DevWallet, DevWalletAccount } from "../dev-wallet-types.ts";

/** anvil's and Hardhat's default mnemonic: public, for local chains only. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const ROLES = ["admin, issuer, compliance", "investor", "investor", "investor", "investor"];
const STORAGE_KEY = "folio.devWallet.account";
/** Like any wallet, the page sees no account until the user connects it (and none again after disconnecting). */
const AUTHORIZED_KEY = "folio.devWallet.authorized";
export const DEV_WALLET_RDNS = "org.folio.devwallet";

const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%23b45309'/%3E%3Ctext x='16' y='21' font-size='13' font-family='sans-serif' text-anchor='middle' fill='white'%3EDEV%3C/text%3E%3C/svg%3E";

type Listener = (...args: unknown[]) => void;
type RequestArgs = { method: string; params?: unknown[] };

/** An EIP-1193 error the dapp can read (4001 rejected, 4200 unsupported, 4902 unknown chain). */
const providerError = (code: number, message: string) => Object.assign(new Error(message), { code });

export function createDevWallet({ rpcUrl, chainId }: { rpcUrl: string; chainId: number }): DevWallet {
  const accounts: HDAccount[] = ROLES.map((_, addressIndex) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex }));
  const chain = defineChain({ id: chainId, name: "Local chain", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  const rpc = http(rpcUrl)({ chain, retryCount: 0 });
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, ...args: unknown[]) => listeners.get(event)?.forEach((l) => l(...args));
  let selected = Math.min(Number(sessionStorage.getItem(STORAGE_KEY) ?? 0) || 0, accounts.length - 1);
  const current = () => accounts[selected]!;
  const client = () => createWalletClient({ account: current(), chain, transport: http(rpcUrl) });

  async function request({ method, params = [] }: RequestArgs): Promise<unknown> {
    switch (method) {
      case "eth_requestAccounts":
        localStorage.setItem(AUTHORIZED_KEY, "1");
        return [current().address];
      case "eth_accounts":
        return localStorage.getItem(AUTHORIZED_KEY) ? [current().address] : [];
      case "eth_chainId":
        return numberToHex(chainId);
      case "net_version":
        return String(chainId);
      case "wallet_requestPermissions":
        localStorage.setItem(AUTHORIZED_KEY, "1");
        return [{ parentCapability: "eth_accounts", caveats: [{ type: "restrictReturnedAccounts", value: [current().address] }] }];
      case "wallet_getPermissions":
        return localStorage.getItem(AUTHORIZED_KEY) ? [{ parentCapability: "eth_accounts" }] : [];
      case "wallet_revokePermissions":
        localStorage.removeItem(AUTHORIZED_KEY);
        return null;
      case "wallet_switchEthereumChain": {
        const wanted = Number((params[0] as { chainId: Hex }).chainId);
        if (wanted !== chainId) throw providerError(4902, `The dev wallet only knows the local chain ${chainId}`);
        return null;
      }
      case "personal_sign":
        return current().signMessage({ message: { raw: params[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typedData = JSON.parse(params[1] as string);
        return current().signTypedData(typedData);
      }
      case "eth_sendTransaction": {
        const tx = params[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
        return client().sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      case "eth_sign":
      case "eth_signTransaction":
        throw providerError(4200, `The dev wallet does not support ${method}`);
      default:
        return rpc.request({ method, params } as never);
    }
  }

  const provider = {
    request,
    on: (event: string, listener: Listener) => void (listeners.get(event) ?? listeners.set(event, new Set()).get(event)!).add(listener),
    removeListener: (event: string, listener: Listener) => void listeners.get(event)?.delete(listener),
  };

  announceProvider({
    info: { uuid: crypto.randomUUID(), name: "Dev wallet (local chain)", icon: ICON, rdns: DEV_WALLET_RDNS },
    provider: provider as never,
  });

  return {
    rdns: DEV_WALLET_RDNS,
    accounts: accounts.map((a, index): DevWalletAccount => ({ index, address: a.address, role: ROLES[index]! })),
    selected: () => selected,
    select(index: number) {
      if (index === selected || !accounts[index]) return;
      selected = index;
      sessionStorage.setItem(STORAGE_KEY, String(index));
      if (localStorage.getItem(AUTHORIZED_KEY)) emit("accountsChanged", [current().address]);
    },
  };
}
