import type { Address } from "viem";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { createDeclare } from "./declare-round.ts";
import { createPushes } from "./distribution-push.ts";
import type { DistributionView } from "./distribution-views.ts";
import { reclaimTransaction, roundFundingTransactions } from "./issuer-transactions.ts";
import { createMyClaims } from "./my-claims.ts";
import { createRoundReads } from "./round-reads.ts";
import { createRoundReports } from "./round-reports.ts";

/**
 * Income distributions: declares rounds from the indexed balance history (declare-round.ts), hands the issuer the
 * funding and reclaim transactions to sign (issuer-transactions.ts), shows investors their claims (my-claims.ts),
 * reports rounds from the Distributor's indexed events (round-reads.ts, round-reports.ts) and pays claims on
 * investors' behalf through the outbox (distribution-push.ts).
 */
export function createDistributionService(deps: { db: Database; chain: Chain; outbox: Outbox; logger: Logger; publicUrl: string }) {
  const { db, chain, logger } = deps;
  const reads = createRoundReads({ db, chain });
  const reports = createRoundReports({ db, store: reads.store });
  return {
    declare: createDeclare({ db, chain, logger, publicUrl: deps.publicUrl, reads }),
    get: reads.requireView,
    list: reads.list,
    paramsJson: reads.paramsJson,
    fundingTransactions: (view: DistributionView, funder: Address) => roundFundingTransactions(chain.client, view, funder),
    reclaimTransaction: (view: DistributionView) => reclaimTransaction(chain.client, view),
    entitlements: reports.entitlements,
    reportCsv: reports.reportCsv,
    skipped: reports.skipped,
    myClaims: createMyClaims({ db, chain, reads }),
    ...createPushes({ db, chain, outbox: deps.outbox, logger, requireView: reads.requireView, chainTime: reads.chainTime, lastIndexedBlock: reads.lastIndexedBlock }),
  };
}

export type DistributionService = ReturnType<typeof createDistributionService>;
