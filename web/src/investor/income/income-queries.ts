import { graphql, request, type ResultOf } from "../../api/graphql.ts";

/** The signed-in investor's entitlements across rounds, newest first, with ready-to-sign claims. */
export const MY_CLAIMS = graphql(`
  query MyClaims($first: Int, $after: String) {
    myClaims(first: $first, after: $after) {
      edges {
        node {
          investorId recordBalance withholdingBps gross withheld net leafIndex claimed claimTxHash claimWallet
          claimTransaction { to data value description }
          distribution { id token cashToken distributor status roundId deadline claimOpen createdAt recordBlock }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    tokens { address name symbol decimals }
  }
`);

export type MyClaim = ResultOf<typeof MY_CLAIMS>["myClaims"]["edges"][number]["node"];
export type IncomeToken = ResultOf<typeof MY_CLAIMS>["tokens"][number];

export async function fetchMyClaims(after: string | null) {
  const { myClaims, tokens } = await request(MY_CLAIMS, { first: 50, after });
  return { claims: myClaims.edges.map((e) => e.node), pageInfo: myClaims.pageInfo, tokens };
}

/** Where an entitlement stands for its investor. */
export type ClaimState = "claimable" | "claimed" | "not-funded" | "closed" | "nothing";

export function claimState(claim: Pick<MyClaim, "claimed" | "claimTransaction" | "leafIndex"> & { distribution: Pick<MyClaim["distribution"], "status" | "claimOpen"> }): ClaimState {
  if (claim.claimed) return "claimed";
  if (claim.leafIndex === null) return "nothing";
  if (claim.distribution.status === "DECLARED") return "not-funded";
  if (claim.claimTransaction) return "claimable";
  return "closed";
}
