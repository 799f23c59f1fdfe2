import { erc20Abi, type Address } from "viem";
import type { Chain } from "../chain/chain.ts";

export interface TokenSummary {
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: bigint;
}

/** Reads the deployed tokens' ERC-20 metadata straight from the chain. */
export function createTokenService(chain: Chain) {
  async function readToken(address: Address): Promise<TokenSummary> {
    const read = <F extends "name" | "symbol" | "decimals" | "totalSupply">(functionName: F) =>
      chain.client.readContract({ address, abi: erc20Abi, functionName });
    const [name, symbol, decimals, totalSupply] = await Promise.all([
      read("name"), read("symbol"), read("decimals"), read("totalSupply"),
    ]);
    return { address, name, symbol, decimals, totalSupply };
  }

  return {
    listTokens: () => Promise.all(chain.deployment.tokens.map(readToken)),
    readToken,
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
