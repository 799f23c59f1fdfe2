import { createPublicClient, http } from "viem";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { reconcile, type AreaName, type ReconcileSummary } from "../../../server/src/reconcile/runner.ts";
import type { TestPlatform } from "../../support/platform.ts";

/** Runs the reconciliation over a test platform's database and chain, as `npm run reconcile` does. */
export async function reconcilePlatform(platform: TestPlatform, areas?: AreaName[]): Promise<ReconcileSummary> {
  const chain = await connectChain(platform.config);
  const client = createPublicClient({ transport: http(platform.chain.rpcUrl, { batch: { batchSize: 100 } }) });
  return reconcile({ db: platform.db, client, chainId: chain.chainId, deployment: chain.deployment, areas });
}

/** "kind subject" of every difference, to assert which one was found and about what. */
export const differences = (s: ReconcileSummary) => s.areas.flatMap((a) => a.differences.map((d) => `${d.kind} ${d.subject}`));
export const kinds = (s: ReconcileSummary) => [...new Set(s.areas.flatMap((a) => a.differences.map((d) => d.kind)))].sort();
export const area = (s: ReconcileSummary, name: string) => s.areas.find((a) => a.area === name)!;

/** Row counts of every table and the chain head: what a reconciliation must leave exactly as it found. */
export async function footprint(platform: TestPlatform) {
  const { rows } = await platform.db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const { rows: n } = await platform.db.query<{ n: string }>(`select count(*)::text as n from "${table_name}"`);
    counts[table_name] = Number(n[0]!.n);
  }
  const head = await fetch(platform.chain.rpcUrl, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
  }).then((r) => r.json() as Promise<{ result: string }>);
  return { counts, head: Number(head.result) };
}

/** Applies a change, runs `check`, and undoes the change whatever happened, so the next test starts clean. */
export async function whileChanged<T>(change: () => Promise<unknown>, undo: () => Promise<unknown>, check: () => Promise<T>): Promise<T> {
  await change();
  try {
    return await check();
  } finally {
    await undo();
  }
}

/** One line per area with the figures, for the suite's log. */
export const figures = (s: ReconcileSummary) =>
  s.areas.map((a) => `${a.area}: ${a.checked} checked, ${a.differences.length} differences, ${a.ms} ms`).join("; ") + `; total ${s.ms} ms`;
