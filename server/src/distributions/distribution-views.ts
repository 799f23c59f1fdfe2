import { getAddress, type Address, type Hex, type PublicClient } from "viem";
import { distributorAbi } from "../../../deployments/abi/index.ts";
import type { Queryable } from "../db/database.ts";
import type { DistributionRecord } from "./distribution-store.ts";
import { readFundings, readReclaims, type ReclaimEvent, type RoundFunding } from "./round-events.ts";

/** DECLARED: computed, waiting for the issuer's funding transaction; FUNDED: funded on chain (see claimOpen). */
export type DistributionStatus = "DECLARED" | "FUNDED";

/** A round as the API shows it: the declaration plus what the chain index says happened to it. */
export interface DistributionView extends DistributionRecord {
  status: DistributionStatus;
  funding: RoundFunding | null;
  /** The on-chain deadline once funded, else the declared one. */
  effectiveDeadline: bigint;
  claimOpen: boolean;
  claimedCount: number;
  claimedTotal: bigint;
  reclaimed: { amount: bigint; to: Address; txHash: Hex } | null;
  /**
   * What the Distributor still holds for the funded round (unclaimed entitlements and rounding dust), null before
   * funding: the funded total less the indexed claims and reclaim, which is what the contract's `round.remaining`
   * holds once the index has caught up (every change to it emits Claimed or Reclaimed).
   */
  remaining: bigint | null;
}

/** Builds views for many rounds with a fixed number of queries (not one per round). */
export async function buildViews(db: Queryable, records: readonly DistributionRecord[], chainTime: bigint): Promise<DistributionView[]> {
  if (records.length === 0) return [];
  const byDistributor = new Map<string, DistributionRecord[]>();
  for (const r of records) byDistributor.set(r.distributor, [...(byDistributor.get(r.distributor) ?? []), r]);
  const fundings = new Map<string, RoundFunding>();
  for (const [distributor, rounds] of byDistributor) {
    const found = await readFundings(db, distributor, rounds.map((r) => r.paramsHash));
    for (const [id, f] of found) fundings.set(id, f);
  }
  const totals = new Map<string, { count: number; total: bigint }>();
  const reclaims = new Map<string, ReclaimEvent>();
  for (const [distributor, rounds] of byDistributor) {
    const roundIds = rounds.map((r) => fundings.get(r.id)?.roundId).filter((x): x is bigint => x !== undefined);
    if (roundIds.length === 0) continue;
    const [{ rows }, reclaimed] = await Promise.all([
      db.query<{ round_id: string; n: string; total: string }>(
        `select args->>'roundId' as round_id, count(*)::text as n, coalesce(sum((args->>'amount')::numeric), 0)::text as total
         from contract_events where contract = $1 and event = 'Claimed' and args->>'roundId' = any($2::text[]) group by 1`,
        [distributor.toLowerCase(), roundIds.map(String)],
      ),
      readReclaims(db, distributor, roundIds),
    ]);
    for (const r of rows) totals.set(`${distributor}|${r.round_id}`, { count: Number(r.n), total: BigInt(r.total) });
    for (const [roundId, reclaim] of reclaimed) reclaims.set(`${distributor}|${roundId}`, reclaim);
  }
  return records.map((r) => {
    const funding = fundings.get(r.id) ?? null;
    const effectiveDeadline = funding?.deadline ?? r.deadline;
    const claimed = funding ? totals.get(`${r.distributor}|${funding.roundId}`) : undefined;
    const reclaim = funding ? reclaims.get(`${r.distributor}|${funding.roundId}`) : undefined;
    return {
      ...r,
      status: funding ? "FUNDED" : "DECLARED",
      funding,
      effectiveDeadline,
      claimOpen: funding !== null && chainTime <= effectiveDeadline,
      claimedCount: claimed?.count ?? 0,
      claimedTotal: claimed?.total ?? 0n,
      reclaimed: reclaim ? { amount: reclaim.amount, to: getAddress(reclaim.to), txHash: reclaim.txHash as Hex } : null,
      remaining: funding ? funding.total - (claimed?.total ?? 0n) - (reclaim?.amount ?? 0n) : null,
    } satisfies DistributionView;
  });
}

/** What the Distributor still holds for a funded round (unclaimed entitlements and rounding dust), read on chain. */
export async function onChainRemaining(client: PublicClient, distributor: Address, roundId: bigint): Promise<bigint> {
  const round = await client.readContract({ address: distributor, abi: distributorAbi, functionName: "round", args: [roundId] });
  return round.remaining;
}
