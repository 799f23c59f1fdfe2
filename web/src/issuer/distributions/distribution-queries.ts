import type { Address } from "viem";
import { graphql, request, type ResultOf, type VariablesOf } from "../../api/graphql.ts";

/** The round fields the issuer's pages show. */
const ROUND_FIELDS = graphql(`
  fragment RoundFields on Distribution @_unmask {
    id token cashToken distributor status roundId recordBlock recordTime amount fundingTotal grossTotal withheldTotal
    netTotal dust eligibleSupply excludedBalance deadline claimOpen investorCount claimableCount claimedCount
    claimedTotal remaining fundedTxHash fundedBlock funder declaredBy createdAt paramsUri
    reclaimed { amount to txHash }
  }
`);

export const DECLARE_DISTRIBUTION = graphql(`
  mutation DeclareDistribution($input: DeclareDistributionInput!) {
    declareDistribution(input: $input) {
      distribution { id }
      cashBalance
    }
  }
`);

export const TOKEN_DISTRIBUTIONS = graphql(`
  query TokenDistributions($token: Address!, $first: Int, $after: String) {
    distributions(token: $token, first: $first, after: $after) {
      edges { node { ...RoundFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`, [ROUND_FIELDS]);

export const DISTRIBUTION_ROUND = graphql(`
  query DistributionRound($id: ID!) {
    distribution(id: $id) { ...RoundFields }
  }
`, [ROUND_FIELDS]);

export const DISTRIBUTION_ENTITLEMENTS = graphql(`
  query DistributionEntitlements($id: ID!, $first: Int, $after: String) {
    distribution(id: $id) {
      id
      entitlements(first: $first, after: $after) {
        edges { node { investorId recordBalance withholdingBps gross withheld net leafIndex claimed claimTxHash } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

/** Asked apart from the round: only the declaring wallet may ask for its funding transactions. */
export const FUNDING_TRANSACTIONS = graphql(`
  query DistributionFunding($id: ID!) {
    distribution(id: $id) { id fundingTransactions { to data value description } }
  }
`);

export const RECLAIM_TRANSACTION = graphql(`
  query DistributionReclaim($id: ID!) {
    distribution(id: $id) { id reclaimTransaction { to data value description } }
  }
`);

export const PUSH_DISTRIBUTION = graphql(`
  mutation PushDistribution($id: ID!, $first: Int) {
    pushDistribution(id: $id, first: $first) { requested withoutWallet batches { pushId leafIndexes } }
  }
`);

export const INDEXER_STATUS = graphql(`
  query DistributionIndexerStatus { indexerStatus { latestIndexedBlock } }
`);

export type Round = ResultOf<typeof DISTRIBUTION_ROUND>["distribution"];
export type Entitlement = ResultOf<typeof DISTRIBUTION_ENTITLEMENTS>["distribution"]["entitlements"]["edges"][number]["node"];
export type DeclareVariables = VariablesOf<typeof DECLARE_DISTRIBUTION>;

export async function fetchRounds(token: Address) {
  return (await request(TOKEN_DISTRIBUTIONS, { token, first: 50 })).distributions.edges.map((e) => e.node);
}

export async function fetchRound(id: string): Promise<Round> {
  return (await request(DISTRIBUTION_ROUND, { id })).distribution;
}

export async function fetchEntitlements(id: string, after: string | null, first: number) {
  return (await request(DISTRIBUTION_ENTITLEMENTS, { id, first, after })).distribution.entitlements;
}

export async function fetchFundingTransactions(id: string) {
  return (await request(FUNDING_TRANSACTIONS, { id })).distribution.fundingTransactions;
}

export async function fetchReclaimTransaction(id: string) {
  return (await request(RECLAIM_TRANSACTION, { id })).distribution.reclaimTransaction;
}

export async function fetchLatestIndexedBlock(): Promise<number> {
  return (await request(INDEXER_STATUS)).indexerStatus.latestIndexedBlock;
}
