import type { Address, PublicClient } from "viem";
import type { Deployment } from "../chain/deployment.ts";
import type { Queryable } from "../db/database.ts";

/** One disagreement between the database and the chain, named so an operator can find both sides. */
export interface Difference {
  /** A short stable name of the kind of difference, e.g. `investor.status` or `trade.confirmed-twice`. */
  kind: string;
  /** What differs: an investor id, a wallet, an order hash, a round, a trade id. */
  subject: string;
  /** Both sides, in words. */
  detail: string;
}

export interface AreaReport {
  area: string;
  /** Rows (or records) compared on both sides. */
  checked: number;
  differences: Difference[];
  /** Differences explained by a write still on its way (an outbox entry not yet mined, a trade not yet settled). */
  inFlight: Difference[];
  /** What was seen but is not the platform's to reconcile (e.g. investors registered by another KYC agent). */
  notes: string[];
  /** The block the chain side was read at. */
  block: number;
  ms: number;
}

/** What every area reads: one consistent database snapshot and the chain pinned at fixed blocks. */
export interface ReconcileContext {
  /** A read-only, repeatable-read transaction: every query sees the same snapshot. */
  db: Queryable;
  client: PublicClient;
  chainId: number;
  deployment: Deployment;
  /** The chain head when the run started: state the database follows directly (KYC, outbox, trades) is read here. */
  head: bigint;
  /** The chain index's last block, or null without an index: the index is compared with the chain at this block. */
  indexedBlock: bigint | null;
  /** Blocks per eth_getLogs request. */
  logChunk: number;
}

export const contractAddress = (ctx: ReconcileContext, name: string): { address: Address; block: bigint } | null => {
  const entry = ctx.deployment.contracts[name];
  return entry ? { address: entry.address as Address, block: BigInt(entry.block) } : null;
};

/** Collects an area's findings; `done` stamps the time taken. */
export function areaReport(area: string, block: bigint | null) {
  const started = performance.now();
  const report: AreaReport = { area, checked: 0, differences: [], inFlight: [], notes: [], block: Number(block ?? -1n), ms: 0 };
  return {
    report,
    check(count = 1) {
      report.checked += count;
    },
    differ(kind: string, subject: string, detail: string) {
      report.differences.push({ kind, subject, detail });
    },
    /** A difference that an unfinished write explains (reported apart, not counted as a difference). */
    later(kind: string, subject: string, detail: string) {
      report.inFlight.push({ kind, subject, detail });
    },
    note(text: string) {
      report.notes.push(text);
    },
    done(): AreaReport {
      report.ms = Math.round(performance.now() - started);
      return report;
    },
  };
}
