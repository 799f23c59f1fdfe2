// The settlement part of the market benchmark alone (`node --import tsx bench/market/settlement-only.ts`): the same
// live platform as `npm run bench:market`, printed, never written. FOLIO_BENCH_SETTLE_TRADES (500) and
// FOLIO_BENCH_SETTLE_RUNS (2) size it (after an untimed run of 50, as the full benchmark); with FOLIO_BENCH_TIMELINE=1 each run's settle transactions are listed with
// when the outbox took, sent and confirmed them, relative to the bids.
import os from "node:os";
import { startLiveMarket } from "./platform.ts";
import { measureSettlement } from "./settlement.ts";

const options = { runs: Number(process.env.FOLIO_BENCH_SETTLE_RUNS ?? 2), trades: Number(process.env.FOLIO_BENCH_SETTLE_TRADES ?? 500), warmUpTrades: 50 };
const live = await startLiveMarket();
try {
  console.log(`settlement: ${options.runs} runs of ${options.trades} trades, load average ${os.loadavg()[0]!.toFixed(2)}`);
  for (const r of await measureSettlement(live, options)) {
    console.log(`  ${r.trades} trades in ${r.transactions} transactions, ${r.seconds} s (matched after ${r.matchedSeconds} s): ${r.tradesPerSec}/s`);
  }
  if (process.env.FOLIO_BENCH_TIMELINE) {
    const { rows } = await live.f.platform.db.query(`select * from outbox_entries order by id desc limit 12`);
    console.table(rows.reverse().map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => /id|status|_at$|attempts/.test(k)))));
  }
} finally {
  await live.close();
}
