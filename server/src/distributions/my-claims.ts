import { encodeFunctionData, getAddress, zeroHash, type Address, type Hex } from "viem";
import { distributorAbi } from "../../../deployments/abi/index.ts";
import type { Chain } from "../chain/chain.ts";
import type { Queryable } from "../db/database.ts";
import { identityRegistryViewsAbi } from "../investors/registry-abi.ts";
import type { EntitlementRecord } from "./distribution-store.ts";
import { buildViews, type DistributionView } from "./distribution-views.ts";
import type { UnsignedTransaction } from "./funding-transactions.ts";
import { readClaims, type ClaimEvent } from "./round-events.ts";
import type { RoundReads } from "./round-reads.ts";

export interface MyClaim {
  distribution: DistributionView;
  entitlement: EntitlementRecord;
  claimed: { txHash: Hex; wallet: Address; blockNumber: number } | null;
  /** Ready to send from any verified wallet of the investor while the round is funded, open and unclaimed. */
  claimTransaction: UnsignedTransaction | null;
}

/** claim(...) for an entitlement, as the investor sends it. */
function claimTransaction(distribution: DistributionView, roundId: bigint, entitlement: EntitlementRecord): UnsignedTransaction {
  return {
    to: distribution.distributor,
    data: encodeFunctionData({
      abi: distributorAbi,
      functionName: "claim",
      args: [roundId, BigInt(entitlement.leafIndex!), entitlement.investorId, entitlement.net, entitlement.proof!],
    }),
    value: 0n,
    description: `Claim ${entitlement.net} cash-token units`,
  };
}

/** Claims in the funded rounds among `views`, keyed `distributor|roundId:index`, one query per Distributor. */
async function claimsOf(db: Queryable, views: Iterable<DistributionView>, investorId: string): Promise<Map<string, ClaimEvent>> {
  const byDistributor = new Map<Address, bigint[]>();
  for (const v of views) {
    if (v.funding) byDistributor.set(v.distributor, [...(byDistributor.get(v.distributor) ?? []), v.funding.roundId]);
  }
  const claims = new Map<string, ClaimEvent>();
  for (const [distributor, roundIds] of byDistributor) {
    for (const [key, claim] of await readClaims(db, distributor, roundIds, investorId)) claims.set(`${distributor}|${key}`, claim);
  }
  return claims;
}

/**
 * The entitlements of the investor `wallet` is linked to now (read from the registry: a recovered wallet sees what
 * the lost one was owed), newest round first, with proofs and claim calldata.
 */
export function createMyClaims(deps: { db: Queryable; chain: Chain; reads: RoundReads }) {
  const { db, chain, reads } = deps;

  return async function myClaims(wallet: Address, beforeSeq: number | null, limit: number): Promise<{ rows: (MyClaim & { seq: number })[] }> {
    const investorId = await chain.client.readContract({ address: reads.registryAddress(), abi: identityRegistryViewsAbi, functionName: "investorOf", args: [wallet] });
    if (investorId === zeroHash) return { rows: [] };
    const entitlements = await reads.store.entitlementsOfInvestor(chain.chainId, investorId, beforeSeq, limit);
    const records = await reads.store.findMany([...new Set(entitlements.map((e) => e.distributionId))]);
    const views = new Map((await buildViews(db, records, await reads.chainTime())).map((v) => [v.id, v]));
    const claims = await claimsOf(db, views.values(), investorId);
    const rows = entitlements.map((entitlement) => {
      const distribution = views.get(entitlement.distributionId)!;
      const roundId = distribution.funding?.roundId;
      const claim = roundId !== undefined && entitlement.leafIndex !== null ? claims.get(`${distribution.distributor}|${roundId}:${entitlement.leafIndex}`) : undefined;
      const claimable = roundId !== undefined && distribution.claimOpen && !claim && entitlement.leafIndex !== null;
      return {
        seq: entitlement.seq,
        distribution,
        entitlement,
        claimed: claim ? { txHash: claim.txHash as Hex, wallet: getAddress(claim.wallet), blockNumber: claim.blockNumber } : null,
        claimTransaction: claimable ? claimTransaction(distribution, roundId, entitlement) : null,
      };
    });
    return { rows };
  };
}
