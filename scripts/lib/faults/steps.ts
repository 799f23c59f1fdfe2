import type { FaultPlatform } from "./fault-platform.ts";
import { waitQuiet } from "./judge.ts";
import type { Workload } from "./workload.ts";

/** Applications still waiting for the officer (an approval lost with a killed server is simply made again). */
export async function stillSubmitted(p: FaultPlatform, ids: string[]): Promise<string[]> {
  const { rows } = await p.db.query<{ id: string }>(`select id from kyc_applications where id::text = any($1::text[]) and status = 'submitted'`, [ids]);
  return rows.map((r) => r.id);
}

/** Runs a workload step, keeping it going through a fault: what fails is counted and retried by the caller. */
export async function tolerate<T>(work: Promise<T>): Promise<T | Error> {
  return work.catch((error: Error) => error);
}

/** Approves what the fault left unapproved, then waits until every application is on chain and the platform is quiet. */
export async function finishApprovals(p: FaultPlatform, w: Workload, ids: string[]): Promise<number> {
  const started = performance.now();
  let refused: unknown = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const left = await stillSubmitted(p, ids);
    if (!left.length) break;
    refused = await tolerate(w.approve(left));
  }
  const onChain = () => p.count(`select count(*) from kyc_applications where id::text = any($1::text[]) and status = 'approved' and investor_id is not null`, [ids]);
  await waitQuiet(p, async () => (await onChain()) === ids.length).catch(async (error: Error) => {
    const { rows } = await p.db.query(`select id, status, investor_id, chain_status from kyc_applications where id::text = any($1::text[])`, [ids]);
    throw new Error(`${error.message}; applications ${JSON.stringify(rows)}; last approval error: ${refused}`);
  });
  return Math.round(performance.now() - started);
}

/** Trades in the database by status. */
export async function tradeCounts(p: FaultPlatform) {
  const { rows } = await p.db.query<{ status: string; n: string }>(`select status, count(*)::text as n from market_trades group by status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}
