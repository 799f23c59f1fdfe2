import type { PublicClient } from "viem";
import type { Deployment } from "../chain/deployment.ts";
import type { Database, Queryable } from "../db/database.ts";
import { reconcileBalances } from "./balances.ts";
import { reconcileDistributions } from "./distributions.ts";
import { reconcileInvestors } from "./investors.ts";
import { reconcileOutbox } from "./outbox-writes.ts";
import { reconcileTrades } from "./trades.ts";
import type { AreaReport, ReconcileContext } from "./types.ts";

export const AREAS = {
  investors: reconcileInvestors,
  balances: reconcileBalances,
  distributions: reconcileDistributions,
  trades: reconcileTrades,
  outbox: reconcileOutbox,
} as const;
export type AreaName = keyof typeof AREAS;

export interface ReconcileOptions {
  db: Database;
  client: PublicClient;
  chainId: number;
  deployment: Deployment;
  /** Blocks per eth_getLogs request (default 5,000). */
  logChunk?: number;
  /** The areas to compare (default: all). */
  areas?: readonly AreaName[];
}

export interface ReconcileSummary {
  ok: boolean;
  differences: number;
  inFlight: number;
  chainId: number;
  head: number;
  indexedBlock: number | null;
  databaseKind: Database["kind"];
  ms: number;
  areas: AreaReport[];
}

/**
 * Compares the database with the chain, area by area, and changes neither: every query runs in one read-only,
 * repeatable-read transaction (one snapshot, and the database refuses any write), and the chain is only read, at
 * the head taken once the snapshot is open (and at the chain index's last block for what the index holds).
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileSummary> {
  const started = performance.now();
  const names = options.areas ?? (Object.keys(AREAS) as AreaName[]);
  return options.db.transaction(async (tx) => {
    await tx.query("set transaction isolation level repeatable read, read only");
    const ctx = await contextOf(tx, options);
    const areas: AreaReport[] = [];
    for (const name of names) areas.push(await AREAS[name](ctx));
    const differences = areas.reduce((n, r) => n + r.differences.length, 0);
    return {
      ok: differences === 0,
      differences,
      inFlight: areas.reduce((n, r) => n + r.inFlight.length, 0),
      chainId: options.chainId,
      head: Number(ctx.head),
      indexedBlock: ctx.indexedBlock === null ? null : Number(ctx.indexedBlock),
      databaseKind: options.db.kind,
      ms: Math.round(performance.now() - started),
      areas,
    };
  });
}

async function contextOf(db: Queryable, options: ReconcileOptions): Promise<ReconcileContext> {
  // The snapshot is taken by this first read; the head after it, so the chain is never behind the database.
  const { rows } = await db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor where chain_id = $1`, [options.chainId]);
  const head = await options.client.getBlockNumber({ cacheTime: 0 });
  const indexed = rows[0] ? BigInt(rows[0].last_block) : null;
  return {
    db,
    client: options.client,
    chainId: options.chainId,
    deployment: options.deployment,
    head,
    // A cursor ahead of the chain (a chain reset under a kept database) is compared at the head, and will differ.
    indexedBlock: indexed !== null && indexed > head ? head : indexed,
    logChunk: options.logChunk ?? 5_000,
  };
}
