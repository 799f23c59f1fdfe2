import { erc20Abi, parseAbiItem, zeroAddress, type Address, type Hex, type PublicClient } from "viem";
import { artworkCertificateAbi, fractionVaultAbi } from "../../../deployments/abi/index.ts";
import { deployedBlock, type PublicDeployment } from "../issuer/lib/deployment.ts";
import type { BuyoutInfo, Holding, VaultInfo } from "./buyout.ts";

type Reader = Pick<PublicClient, "readContract" | "getLogs">;

const TRANSFER = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");
const NFT_TRANSFER = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)");

/** Deployment labels of the certificate collections a vault may lock (scripts/lib/deploy-artwork.ts). */
const COLLECTION_LABELS = ["ArtworkCertificate", "ArtworkCertificateVerifiedOwners"];

/** The platform's FractionVault, or an error saying there is none on this chain. */
export function vaultAddress(deployment: PublicDeployment): Address {
  const address = deployment.contracts.FractionVault;
  if (!address) throw new Error(`No FractionVault is deployed on chain ${deployment.chainId}`);
  return address;
}

export interface OwnedCertificate {
  collection: Address;
  collectionName: string;
  tokenId: bigint;
  metadataHash: Hex;
  metadataUri: string;
  /** ArtworkTypes status: 1 active, 2 lost, 3 stolen, 4 destroyed, 5 revoked. */
  status: number;
}

/**
 * The certificates `owner` holds now, from the chain: every certificate ever sent to it (Transfer logs of the
 * platform's collections), kept when ownerOf still answers `owner`.
 */
export async function readOwnedCertificates(client: Reader, deployment: PublicDeployment, owner: Address): Promise<OwnedCertificate[]> {
  const found: OwnedCertificate[] = [];
  for (const label of COLLECTION_LABELS) {
    const collection = deployment.contracts[label];
    if (!collection) continue;
    const logs = await client.getLogs({ address: collection, event: NFT_TRANSFER, args: { to: owner }, fromBlock: deployedBlock(deployment, label) });
    const ids = [...new Set(logs.map((l) => l.args.tokenId!))];
    const read = <T>(functionName: string, args: readonly unknown[] = []) =>
      client.readContract({ address: collection, abi: artworkCertificateAbi, functionName, args } as never) as Promise<T>;
    const collectionName = ids.length ? await read<string>("name") : "";
    for (const tokenId of ids) {
      if ((await read<Address>("ownerOf", [tokenId])).toLowerCase() !== owner.toLowerCase()) continue;
      const [metadataHash, metadataUri, status] = await Promise.all([
        read<Hex>("contentHashOf", [tokenId]),
        read<string>("tokenURI", [tokenId]),
        read<number>("statusOf", [tokenId]),
      ]);
      found.push({ collection, collectionName, tokenId, metadataHash, metadataUri, status: Number(status) });
    }
  }
  return found;
}

export interface ShareToken {
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: bigint;
}

export async function readShareToken(client: Reader, token: Address): Promise<ShareToken> {
  const read = <T>(functionName: "name" | "symbol" | "decimals" | "totalSupply") => client.readContract({ address: token, abi: erc20Abi, functionName }) as Promise<T>;
  const [name, symbol, decimals, totalSupply] = await Promise.all([read<string>("name"), read<string>("symbol"), read<number>("decimals"), read<bigint>("totalSupply")]);
  return { address: token, name, symbol, decimals: Number(decimals), totalSupply };
}

export interface VaultSummary {
  vaultId: bigint;
  info: VaultInfo;
  token: ShareToken;
}

/** Every vault of the platform's FractionVault, newest first. */
export async function readVaults(client: Reader, vault: Address): Promise<VaultSummary[]> {
  const count = (await client.readContract({ address: vault, abi: fractionVaultAbi, functionName: "vaultCount" })) as bigint;
  const ids = Array.from({ length: Number(count) }, (_, i) => count - BigInt(i));
  return Promise.all(ids.map(async (vaultId) => {
    const info = (await client.readContract({ address: vault, abi: fractionVaultAbi, functionName: "vaultOf", args: [vaultId] })) as VaultInfo;
    return { vaultId, info, token: await readShareToken(client, info.token) };
  }));
}

export interface HolderRow extends Holding {
  wallet: Address;
  /** Cash this vault's buy-outs paid or credited the wallet for its shares (tenders and redemptions). */
  cashForShares: bigint;
  /** Shares it gave up for that cash. */
  sharesSold: bigint;
}

const TENDERED = parseAbiItem("event SharesTendered(uint256 indexed vaultId, address indexed holder, uint256 shares, uint256 paid)");
const REDEEMED = parseAbiItem("event SharesRedeemed(uint256 indexed vaultId, address indexed holder, uint256 shares, uint256 credited)");

/** Per wallet, what the vault's tenders and redemptions paid it, from the vault's events. */
async function readSales(client: Reader, vault: Address, vaultId: bigint, fromBlock: bigint): Promise<Map<string, { cash: bigint; shares: bigint }>> {
  const [tendered, redeemed] = await Promise.all([
    client.getLogs({ address: vault, event: TENDERED, args: { vaultId }, fromBlock }),
    client.getLogs({ address: vault, event: REDEEMED, args: { vaultId }, fromBlock }),
  ]);
  const sales = new Map<string, { cash: bigint; shares: bigint }>();
  const add = (holder: Address, shares: bigint, cash: bigint) => {
    const entry = sales.get(holder.toLowerCase()) ?? { cash: 0n, shares: 0n };
    sales.set(holder.toLowerCase(), { cash: entry.cash + cash, shares: entry.shares + shares });
  };
  for (const l of tendered) add(l.args.holder!, l.args.shares!, l.args.paid!);
  for (const l of redeemed) add(l.args.holder!, l.args.shares!, l.args.credited!);
  return sales;
}

export interface VaultDetail extends VaultSummary {
  buyout: BuyoutInfo;
  /** Every wallet that ever received shares (but the vault), with what it has now. */
  holders: HolderRow[];
  /** Cash the vault owes in the buy-out's cash token: the unspent escrow plus every claimable credit. */
  cashOwed: bigint;
  /** The cash token of the buy-out (or the platform's, when none is recorded). */
  cash: Address | null;
}

/**
 * One vault with its buy-out and what each holder has (shares held, shares owed, cash to claim). `platformCash`: the
 * cash token credits are read in when no buy-out is recorded (a cancelled one is deleted, its refund stays
 * claimable); `also`: wallets listed even if they never held shares (the signed-in wallet, a past buyer);
 * `fromBlock`: the vault's deployment block, where its logs and its share tokens' logs start (0 reads them all).
 */
export async function readVaultDetail(
  client: Reader,
  vault: Address,
  vaultId: bigint,
  options: { platformCash?: Address | null; also?: readonly Address[]; fromBlock?: bigint } = {},
): Promise<VaultDetail> {
  const read = <T>(functionName: string, args: readonly unknown[]) => client.readContract({ address: vault, abi: fractionVaultAbi, functionName, args } as never) as Promise<T>;
  const info = await read<VaultInfo>("vaultOf", [vaultId]);
  if (info.status === 0) throw new Error(`There is no vault ${vaultId}`);
  const [buyout, token] = await Promise.all([read<BuyoutInfo>("buyoutOf", [vaultId]), readShareToken(client, info.token)]);
  const fromBlock = options.fromBlock ?? 0n;
  // The vault issues the share token (through the TokenFactory), so none of its transfers precede the vault.
  const logs = await client.getLogs({ address: info.token, event: TRANSFER, fromBlock });
  const received = [...logs.map((l) => l.args.to!), ...(options.also ?? []), ...(buyout.buyer !== zeroAddress ? [buyout.buyer] : [])];
  const seen = new Set<string>();
  const wallets = received.filter((w) => {
    const key = w.toLowerCase();
    if (w === zeroAddress || key === vault.toLowerCase() || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const cash = buyout.cash !== zeroAddress ? buyout.cash : (options.platformCash ?? null);
  const sales = await readSales(client, vault, vaultId, fromBlock);
  const holders = await Promise.all(wallets.map(async (wallet): Promise<HolderRow> => ({
    wallet,
    cashForShares: sales.get(wallet.toLowerCase())?.cash ?? 0n,
    sharesSold: sales.get(wallet.toLowerCase())?.shares ?? 0n,
    shares: (await client.readContract({ address: info.token, abi: erc20Abi, functionName: "balanceOf", args: [wallet] })) as bigint,
    sharesOwed: await read<bigint>("sharesOwed", [vaultId, wallet]),
    cashClaimable: cash ? await read<bigint>("claimable", [cash, wallet]) : 0n,
  })));
  const cashOwed = cash ? await read<bigint>("cashOwed", [cash]) : 0n;
  return { vaultId, info, token, buyout, holders, cashOwed, cash };
}
