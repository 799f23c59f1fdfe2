import { parseAbiItem } from "viem";
import { loadDeployment } from "../../../server/src/chain/deployment.ts";
import { reconcile, type ReconcileSummary } from "../../../server/src/reconcile/runner.ts";
import { LOCAL_CHAIN_ID } from "../local-chain.ts";
import type { FaultPlatform } from "./fault-platform.ts";

/** Reconcile difference kinds that mean a write happened twice, and those that mean one was lost. */
const DUPLICATE_KINDS = new Set(["outbox.duplicate", "trade.confirmed-twice"]);
const LOST_KINDS = new Set(["outbox.lost", "investor.missing", "wallet.not-linked", "fill.unrecorded", "trade.not-on-chain", "investor.unrecorded", "transfer.not-indexed", "distributor-event.not-indexed"]);
const tradeExecuted = parseAbiItem("event TradeExecuted(bytes32 indexed makerOrderHash, bytes32 indexed takerOrderHash, address indexed token, address buyer, address seller, address cashToken, uint256 amount, uint256 price, uint256 cash, uint256 fee)");

/** What the platform still has in hand: zero everywhere once it is quiet. */
async function openWork(p: FaultPlatform) {
  const head = Number(await p.client.getBlockNumber({ cacheTime: 0 }));
  const { rows } = await p.db.query<{ outbox: string; trades: string; last_block: string | null }>(
    `select (select count(*) from outbox_entries where status in ('pending', 'sending', 'sent'))::text as outbox,
       (select count(*) from market_trades where status = 'pending')::text as trades,
       (select last_block::text from indexer_cursor) as last_block`);
  const r = rows[0]!;
  return { outbox: Number(r.outbox), trades: Number(r.trades), indexBehind: head - p.confirmations - Number(r.last_block ?? -1) };
}

/**
 * Waits until the platform is quiet: no outbox entry open, no trade between matching and settlement, the index at
 * head − confirmations, and `done` (the scenario's own condition) true. Returns the time it took.
 */
export async function waitQuiet(p: FaultPlatform, done: () => Promise<boolean> = async () => true, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  let last = {};
  while (performance.now() - started < timeoutMs) {
    const open = await openWork(p).catch(() => null);
    if (open) last = open;
    if (open && open.outbox === 0 && open.trades === 0 && open.indexBehind <= 0 && (await done().catch(() => false))) return Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the platform did not settle within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

export interface Verdict {
  differences: number;
  duplicates: number;
  lost: number;
  /** Each finding in one line: reconcile differences and the harness's own invariants. */
  findings: string[];
  reconcile: Pick<ReconcileSummary, "ok" | "differences" | "inFlight" | "head" | "indexedBlock" | "ms"> & { checked: Record<string, number> };
}

/**
 * Reconciles chain and database, then checks what the reconciliation does not: the server's key sent exactly one
 * transaction per outbox entry that reached the chain; no trade settled twice (one TradeExecuted per confirmed trade);
 * no order filled beyond its amount; nothing left open.
 */
export async function judge(p: FaultPlatform): Promise<Verdict> {
  // As `npm run reconcile` does, with the server's own reading of the deployment file.
  const summary = await reconcile({ db: p.db, client: p.client, chainId: LOCAL_CHAIN_ID, deployment: loadDeployment(p.deploymentsDir, LOCAL_CHAIN_ID) });
  const findings: string[] = [];
  let duplicates = 0;
  let lost = 0;
  for (const a of summary.areas) {
    for (const d of [...a.differences, ...a.inFlight]) {
      findings.push(`${a.differences.includes(d) ? "difference" : "in flight"} ${d.kind} ${d.subject}: ${d.detail}`);
      if (DUPLICATE_KINDS.has(d.kind)) duplicates += 1;
      if (LOST_KINDS.has(d.kind)) lost += 1;
    }
  }

  // Every transaction the server's key ever sent is one outbox entry's (confirmed, or failed after mining).
  const sent = await p.client.getTransactionCount({ address: p.agent, blockTag: "latest" });
  const mined = await p.count(`select count(*) from outbox_entries where block_number is not null`);
  const hashes = await p.count(`select count(distinct lower(tx_hash)) from outbox_entries where block_number is not null`);
  if (sent > mined) {
    duplicates += sent - mined;
    findings.push(`invariant: the server's key sent ${sent} transactions, the outbox records ${mined} mined entries`);
  } else if (sent < mined) {
    lost += mined - sent;
    findings.push(`invariant: the outbox records ${mined} mined entries, the server's key sent only ${sent} transactions`);
  }
  if (hashes !== mined) {
    duplicates += mined - hashes;
    findings.push(`invariant: ${mined} mined entries share ${hashes} transaction hashes`);
  }

  // One TradeExecuted per confirmed trade, per order pair.
  const settlement = p.deployment.contracts.Settlement!;
  const logs = await p.client.getLogs({ address: settlement.address as `0x${string}`, event: tradeExecuted, fromBlock: BigInt(settlement.block), toBlock: "latest" });
  const onChain = new Map<string, number>();
  for (const l of logs) {
    const key = `${l.args.makerOrderHash}:${l.args.takerOrderHash}`.toLowerCase();
    onChain.set(key, (onChain.get(key) ?? 0) + 1);
  }
  const { rows: trades } = await p.db.query<{ pair: string; n: string }>(
    `select lower(maker_hash || ':' || taker_hash) as pair, count(*)::text as n from market_trades where status = 'confirmed' group by 1`);
  for (const t of trades) {
    const fills = onChain.get(t.pair) ?? 0;
    if (fills > Number(t.n)) {
      duplicates += fills - Number(t.n);
      findings.push(`invariant: orders ${t.pair} filled ${fills} times on chain for ${t.n} confirmed trade(s)`);
    }
  }
  const overfilled = await p.count(`select count(*) from market_orders where filled + external_filled > amount or reserved < 0`);
  if (overfilled) findings.push(`invariant: ${overfilled} order(s) filled beyond their amount or with a negative reservation`);

  const open = await openWork(p);
  if (open.outbox || open.trades) {
    lost += open.outbox + open.trades;
    findings.push(`invariant: ${open.outbox} outbox entries and ${open.trades} trades still open`);
  }
  const failed = await p.count(`select count(*) from outbox_entries where status = 'failed'`);
  if (failed) findings.push(`note: ${failed} outbox entr${failed === 1 ? "y" : "ies"} failed (see their errors)`);
  return {
    differences: summary.differences + (overfilled ? overfilled : 0),
    duplicates,
    lost,
    findings,
    reconcile: {
      ok: summary.ok, differences: summary.differences, inFlight: summary.inFlight, head: summary.head, indexedBlock: summary.indexedBlock, ms: summary.ms,
      checked: Object.fromEntries(summary.areas.map((a) => [a.area, a.checked])),
    },
  };
}
