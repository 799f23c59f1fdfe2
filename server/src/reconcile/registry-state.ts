import { parseAbi, zeroHash, type Address, type Hex } from "viem";
import { logsOf, lower, readEach } from "./chain-reads.ts";
import type { ReconcileContext } from "./types.ts";

export const registryAbi = parseAbi([
  "struct Investor { uint16 country; uint40 kycValidUntil; uint8 flags; uint8 status; uint32 walletCount; }",
  "function investorOf(address wallet) view returns (bytes32)",
  "function investor(bytes32 investorId) view returns (Investor)",
  "event InvestorRegistered(bytes32 indexed investorId, uint16 country, uint40 kycValidUntil, uint8 flags)",
  "event WalletAdded(bytes32 indexed investorId, address indexed wallet)",
  "event WalletRemoved(bytes32 indexed investorId, address indexed wallet)",
]);
const registryEvents = registryAbi.filter((item) => item.type === "event");

export interface ChainInvestor {
  country: number;
  kycValidUntil: bigint;
  flags: number;
  /** 0 not registered, 1 active, 2 liquidate-only, 3 suspended. */
  status: number;
  /** Linked wallets: those of the registry's WalletAdded events whose investorOf is this investor. */
  wallets: string[];
  /** The registry's own count of linked wallets (equals wallets.length unless a wallet was never seen in an event). */
  walletCount: number;
}

/** The registry as the chain has it at one block: every investor and wallet it ever named, and where each stands. */
export interface RegistrySnapshot {
  block: bigint;
  investors: Map<string, ChainInvestor>;
  /** Every wallet ever linked, with the investor it is linked to now (zeroHash: none). */
  investorOfWallet: Map<string, string>;
  /** Transactions that registered an investor or linked a wallet, per investor id: who wrote it. */
  writesOf: Map<string, Set<string>>;
}

/**
 * Reads the registry at `block`: the investors and wallets its events name (from its deployment block), plus any
 * `extraInvestors` and `extraWallets` the database names, each read back with batched multicalls. The registry lists
 * no investor's wallets, so they are the wallets whose `investorOf` names the investor.
 */
export async function readRegistry(ctx: ReconcileContext, registry: { address: Address; block: bigint }, block: bigint, extraInvestors: Iterable<string>, extraWallets: Iterable<string>): Promise<RegistrySnapshot> {
  const logs = await logsOf(ctx, registry.address, registryEvents, registry.block, block);
  const investorIds = new Set<string>([...extraInvestors].map(lower));
  const wallets = new Set<string>([...extraWallets].map(lower));
  const writesOf = new Map<string, Set<string>>();
  for (const log of logs) {
    const id = lower(log.args.investorId);
    investorIds.add(id);
    if (log.args.wallet) wallets.add(lower(log.args.wallet));
    if (log.eventName !== "WalletRemoved") {
      if (!writesOf.has(id)) writesOf.set(id, new Set());
      writesOf.get(id)!.add(lower(log.transactionHash));
    }
  }
  const ids = [...investorIds];
  const at = { address: registry.address, abi: registryAbi } as const;
  const records = await readEach<string, { country: number; kycValidUntil: number; flags: number; status: number; walletCount: number }>(ctx, ids, (id) => ({ ...at, functionName: "investor", args: [id as Hex] }), block);
  const walletList = [...wallets];
  const owners = await readEach<string, Hex>(ctx, walletList, (w) => ({ ...at, functionName: "investorOf", args: [w as Address] }), block);
  const investorOfWallet = new Map(walletList.map((w, i) => [w, lower(owners[i])]));
  const investors = new Map<string, ChainInvestor>();
  ids.forEach((id, i) => {
    const r = records[i]!;
    investors.set(id, { country: r.country, kycValidUntil: BigInt(r.kycValidUntil), flags: r.flags, status: r.status, wallets: [], walletCount: r.walletCount });
  });
  for (const [wallet, owner] of investorOfWallet) if (isLinked(owner)) investors.get(owner)?.wallets.push(wallet);
  return { block, investors, investorOfWallet, writesOf };
}

export const isLinked = (investorId: string | undefined) => investorId !== undefined && investorId !== zeroHash;
