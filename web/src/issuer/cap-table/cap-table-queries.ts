import type { Address } from "viem";
import { graphql, request, type ResultOf } from "../../api/graphql.ts";

/** The cap table's block and summary: supply, holder count, top holders and holdings per country. */
export const CAP_TABLE_SUMMARY = graphql(`
  query CapTableSummary($token: Address!, $recordTime: BigInt) {
    capTable(token: $token, recordTime: $recordTime) {
      atBlock blockTime decimals symbol totalSupply holderCount csvPath
      topHolders(first: 10) { investorId wallet countryCode balance }
      countries { country countryCode holders balance }
    }
  }
`);

/** One page of the cap table by investor, pinned to the summary's block. */
export const CAP_TABLE_PAGE = graphql(`
  query CapTablePage($token: Address!, $atBlock: Int!, $first: Int!, $after: String) {
    capTable(token: $token, atBlock: $atBlock) {
      holders(first: $first, after: $after) {
        edges { node { investorId countryCode balance wallets { address balance } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export type CapTableSummary = ResultOf<typeof CAP_TABLE_SUMMARY>["capTable"];
export type CapTablePage = ResultOf<typeof CAP_TABLE_PAGE>["capTable"]["holders"];

export const CAP_TABLE_PAGE_SIZE = 20;

export async function fetchCapTableSummary(token: Address, recordTime: bigint | null): Promise<CapTableSummary> {
  return (await request(CAP_TABLE_SUMMARY, { token, recordTime: recordTime === null ? null : recordTime.toString() })).capTable;
}

export async function fetchCapTablePage(token: Address, atBlock: number, after: string | null): Promise<CapTablePage> {
  return (await request(CAP_TABLE_PAGE, { token, atBlock, first: CAP_TABLE_PAGE_SIZE, after })).capTable.holders;
}
