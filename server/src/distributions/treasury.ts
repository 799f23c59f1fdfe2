import { parseAbi, type Address, type PublicClient } from "viem";
import type { Queryable } from "../db/database.ts";
import { investorsOfWallets } from "./record-holdings.ts";

const ownableAbi = parseAbi(["function owner() view returns (address)"]);

/**
 * The issuer's treasury, left out of every round: the token owner's wallet and, when it is an investor's wallet at
 * the record block, that investor. Nothing when the token has no owner() to read.
 */
export async function treasuryOf(db: Queryable, client: PublicClient, token: Address, recordBlock: number): Promise<{ wallets: string[]; investors: string[] }> {
  let owner: Address;
  try {
    owner = await client.readContract({ address: token, abi: ownableAbi, functionName: "owner" });
  } catch {
    return { wallets: [], investors: [] };
  }
  const investor = (await investorsOfWallets(db, [owner], recordBlock)).get(owner.toLowerCase());
  return { wallets: [owner.toLowerCase()], investors: investor ? [investor] : [] };
}
