import { getAddress, zeroHash, type Address, type Hex } from "viem";
import type { Chain } from "../chain/chain.ts";
import { FolioError } from "../errors.ts";
import { identityRegistryViewsAbi } from "./registry-abi.ts";

export const INVESTOR_STATUSES = ["NONE", "ACTIVE", "LIQUIDATE_ONLY", "SUSPENDED"] as const;
export type InvestorStatus = (typeof INVESTOR_STATUSES)[number];

export interface InvestorRecord {
  investorId: Hex;
  country: number;
  /** KYC valid up to and including this Unix time (seconds). */
  kycValidUntil: bigint;
  flags: { accredited: boolean; qualified: boolean; usPerson: boolean; institution: boolean };
  status: InvestorStatus;
  /** ERC-3643 `isVerified` of the wallet asked about. */
  verified: boolean;
  wallets: Address[];
}

/** Investors as the IdentityRegistry records them (no personal data: an opaque id, a country, flags, expiry). */
export function createInvestorService(chain: Chain) {
  const registry = (): { address: Address; block: number } => {
    const entry = chain.deployment.contracts.IdentityRegistry;
    if (!entry) {
      throw new FolioError("REGISTRY_NOT_DEPLOYED", `No IdentityRegistry in the deployment of chain ${chain.chainId}`, {
        hint: "Deploy the platform with scripts/deploy.ts",
      });
    }
    return entry;
  };
  const read = <T>(functionName: string, args: readonly unknown[]): Promise<T> =>
    chain.client.readContract({ address: registry().address, abi: identityRegistryViewsAbi, functionName, args } as never) as Promise<T>;

  /** The investor id a wallet is linked to, or null. */
  async function investorIdOf(wallet: Address): Promise<Hex | null> {
    const id = await read<Hex>("investorOf", [wallet]);
    return id === zeroHash ? null : id;
  }

  /** Linked wallets: `walletsOf` when the registry has it, else replayed from its WalletAdded/WalletRemoved events. */
  async function walletsOf(investorId: Hex): Promise<Address[]> {
    try {
      return (await read<readonly Address[]>("walletsOf", [investorId])).map((w) => getAddress(w));
    } catch {
      const { address, block } = registry();
      const filter = { address, args: { investorId }, fromBlock: BigInt(block) } as const;
      const [added, removed] = await Promise.all([
        chain.client.getContractEvents({ ...filter, abi: identityRegistryViewsAbi, eventName: "WalletAdded" }),
        chain.client.getContractEvents({ ...filter, abi: identityRegistryViewsAbi, eventName: "WalletRemoved" }),
      ]);
      const events = [...added, ...removed].sort((a, b) =>
        a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1);
      const linked = new Set<Address>();
      for (const e of events) {
        const wallet = getAddress(e.args.wallet!);
        if (e.eventName === "WalletAdded") linked.add(wallet);
        else linked.delete(wallet);
      }
      return [...linked];
    }
  }

  return {
    isDeployed: () => Boolean(chain.deployment.contracts.IdentityRegistry),
    investorIdOf,

    /** The record of the investor a wallet is linked to, or null when it is linked to none. */
    async investorOfWallet(wallet: Address): Promise<InvestorRecord | null> {
      const investorId = await investorIdOf(wallet);
      if (!investorId) return null;
      const [record, verified, wallets] = await Promise.all([
        read<{ country: number; kycValidUntil: number | bigint; flags: number; status: number }>("investor", [investorId]),
        read<boolean>("isVerified", [wallet]),
        walletsOf(investorId),
      ]);
      return {
        investorId,
        country: record.country,
        kycValidUntil: BigInt(record.kycValidUntil),
        flags: {
          accredited: (record.flags & 1) !== 0,
          qualified: (record.flags & 2) !== 0,
          usPerson: (record.flags & 4) !== 0,
          institution: (record.flags & 8) !== 0,
        },
        status: INVESTOR_STATUSES[record.status] ?? "NONE",
        verified,
        wallets,
      };
    },
  };
}

export type InvestorService = ReturnType<typeof createInvestorService>;
