import { erc20Abi, numberToHex, type Address, type Hex } from "viem";
import type { Chain } from "../chain/chain.ts";
import { ALL_TOPICS, type RawLog } from "./events.ts";

interface RpcLog {
  address: string;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  blockHash: string;
  transactionHash: string;
  logIndex: Hex;
  removed?: boolean;
}

/** What the indexer reads from the chain: heads, block hashes and logs, over raw JSON-RPC for speed. */
export interface ChainSource {
  chainId: number;
  headNumber(): Promise<number>;
  /** Null when the chain has no block of that number (it is shorter than it was). */
  blockHash(number: number): Promise<string | null>;
  logs(addresses: string[], fromBlock: number, toBlock: number): Promise<RawLog[]>;
  tokenMetadata(address: string): Promise<{ name: string; symbol: string; decimals: number }>;
}

export function createChainSource(chain: Chain): ChainSource {
  const { client } = chain;
  const request = client.request as (args: { method: string; params: unknown[] }) => Promise<unknown>;

  async function blockHash(number: number): Promise<string | null> {
    const block = (await request({ method: "eth_getBlockByNumber", params: [numberToHex(number), false] })) as { hash: string } | null;
    return block ? block.hash.toLowerCase() : null;
  }

  async function logs(addresses: string[], fromBlock: number, toBlock: number): Promise<RawLog[]> {
    if (addresses.length === 0 || fromBlock > toBlock) return [];
    let raw: RpcLog[];
    try {
      raw = (await request({
        method: "eth_getLogs",
        params: [{ address: addresses, fromBlock: numberToHex(fromBlock), toBlock: numberToHex(toBlock), topics: [ALL_TOPICS] }],
      })) as RpcLog[];
    } catch (error) {
      // Providers cap a getLogs answer (by range or by count): halve the range until it fits.
      if (fromBlock === toBlock) throw error;
      const middle = Math.floor((fromBlock + toBlock) / 2);
      return [...(await logs(addresses, fromBlock, middle)), ...(await logs(addresses, middle + 1, toBlock))];
    }
    return raw
      .filter((l) => !l.removed)
      .map((l) => ({
        address: l.address.toLowerCase(),
        topics: l.topics,
        data: l.data,
        blockNumber: Number(l.blockNumber),
        blockHash: l.blockHash.toLowerCase(),
        transactionHash: l.transactionHash.toLowerCase(),
        logIndex: Number(l.logIndex),
      }));
  }

  async function tokenMetadata(address: string) {
    const read = <F extends "name" | "symbol" | "decimals">(functionName: F) =>
      client.readContract({ address: address as Address, abi: erc20Abi, functionName });
    const [name, symbol, decimals] = await Promise.all([read("name"), read("symbol"), read("decimals")]);
    return { name, symbol, decimals };
  }

  return {
    chainId: chain.chainId,
    headNumber: async () => Number(await client.getBlockNumber({ cacheTime: 0 })),
    blockHash,
    logs,
    tokenMetadata,
  };
}
