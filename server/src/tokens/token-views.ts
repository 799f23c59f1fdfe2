import { BaseError, ContractFunctionExecutionError, hexToString, parseAbi, zeroAddress, type Address, type Hex } from "viem";
import type { Chain } from "../chain/chain.ts";

/** The token's own view functions (SecurityToken: ERC-3643, ERC-1404, ERC-1643, Folio rules). */
export const tokenViewsAbi = parseAbi([
  "function owner() view returns (address)",
  "function paused() view returns (bool)",
  "function identityRegistry() view returns (address)",
  "function rules() view returns ((uint8 countryMode, uint16[] countries, bool accreditedOnly, uint32 maxInvestors, uint256 maxBalance))",
  "function investorCount() view returns (uint256)",
  "function getAllDocuments() view returns (bytes32[])",
  "function getDocument(bytes32 name) view returns (string, bytes32, uint256)",
  "function detectTransferRestriction(address from, address to, uint256 value) view returns (uint8)",
  "function detectMintRestriction(address to, uint256 value) view returns (uint8)",
  "function messageForTransferRestriction(uint8 restrictionCode) view returns (string)",
]);

export interface TokenRules {
  countryMode: number;
  countries: number[];
  accreditedOnly: boolean;
  maxInvestors: number;
  maxBalance: bigint;
}

export interface TokenDocument {
  name: string;
  nameHex: Hex;
  uri: string;
  documentHash: Hex;
  lastModified: number;
}

export interface TokenState {
  owner: Address | null;
  paused: boolean | null;
  identityRegistry: Address | null;
  rules: TokenRules | null;
  investorCount: bigint | null;
}

/** A view the contract does not have (a plain ERC-20) reads as null; a node that cannot be reached still throws. */
async function optional<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ContractFunctionExecutionError) return null;
    if (error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionExecutionError)) return null;
    throw error;
  }
}

export function createTokenViews(chain: Chain) {
  const client = chain.client;
  const read = <T>(address: Address, functionName: string, args: readonly unknown[] = [], block: number | null = null) =>
    optional(client.readContract({
      address, abi: tokenViewsAbi, functionName: functionName as never, args: args as never,
      ...(block === null ? {} : { blockNumber: BigInt(block) }),
    }) as Promise<T>);

  /**
   * The token's views at the end of `block` (the latest block when null), every one at that same block, so the
   * investor count goes with the total supply the index holds for it.
   */
  async function state(address: Address, block: number | null = null): Promise<TokenState> {
    const [owner, paused, identityRegistry, rules, investorCount] = await Promise.all([
      read<Address>(address, "owner", [], block),
      read<boolean>(address, "paused", [], block),
      read<Address>(address, "identityRegistry", [], block),
      read<{ countryMode: number; countries: readonly number[]; accreditedOnly: boolean; maxInvestors: number; maxBalance: bigint }>(address, "rules", [], block),
      read<bigint>(address, "investorCount", [], block),
    ]);
    return {
      owner, paused, identityRegistry, investorCount,
      rules: rules && { ...rules, countries: [...rules.countries] },
    };
  }

  async function documents(address: Address): Promise<TokenDocument[]> {
    const names = (await read<readonly Hex[]>(address, "getAllDocuments")) ?? [];
    return Promise.all(
      names.map(async (nameHex) => {
        const [uri, documentHash, lastModified] = (await read<readonly [string, Hex, bigint]>(address, "getDocument", [nameHex])) ?? ["", "0x", 0n];
        return { name: hexToString(nameHex, { size: 32 }).replace(/\0+$/, ""), nameHex, uri, documentHash, lastModified: Number(lastModified) };
      }),
    );
  }

  /**
   * ERC-1404 answer from the token itself; null when the token does not implement ERC-1404. From the zero address it
   * is a mint, which has no sender to check: the token's detectMintRestriction answers.
   */
  async function transferRestriction(address: Address, from: Address, to: Address, amount: bigint) {
    const code = from === zeroAddress
      ? await read<number>(address, "detectMintRestriction", [to, amount])
      : await read<number>(address, "detectTransferRestriction", [from, to, amount]);
    if (code === null) return null;
    const message = (await read<string>(address, "messageForTransferRestriction", [code])) ?? "";
    return { code, message };
  }

  return { state, documents, transferRestriction };
}

export type TokenViews = ReturnType<typeof createTokenViews>;
