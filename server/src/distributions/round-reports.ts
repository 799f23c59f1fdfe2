import type { Queryable } from "../db/database.ts";
import type { DistributionStore } from "./distribution-store.ts";
import type { DistributionView } from "./distribution-views.ts";
import { entitlementsCsv } from "./report-csv.ts";
import { readClaims, readSkips, type ClaimEvent } from "./round-events.ts";

/** What issuers and auditors read about a round's investors (the caller checks the role). No personal data. */
export function createRoundReports(deps: { db: Queryable; store: DistributionStore }) {
  const { db, store } = deps;

  /** A page of the round's entitlements with their claims. */
  async function entitlements(view: DistributionView, afterInvestor: string | null, limit: number | null) {
    const rows = await store.entitlements(view.id, afterInvestor ?? "", limit);
    const claims = view.funding ? await readClaims(db, view.distributor, [view.funding.roundId]) : new Map<string, ClaimEvent>();
    return rows.map((entitlement) => ({
      entitlement,
      claimed: entitlement.leafIndex === null || !view.funding ? null : claims.get(`${view.funding.roundId}:${entitlement.leafIndex}`) ?? null,
    }));
  }

  return {
    entitlements,
    /** The CSV report: investor, gross, withheld, net, and the transaction that paid it. */
    async reportCsv(view: DistributionView): Promise<string> {
      return entitlementsCsv(await entitlements(view, null, null));
    },
    /** Entitlements pushClaims skipped, newest last. */
    async skipped(view: DistributionView) {
      return view.funding ? readSkips(db, view.distributor, view.funding.roundId) : [];
    },
  };
}
