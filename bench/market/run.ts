// `npm run bench:market`: every figure of the market's benchmark table, printed beside its target and written to
// bench/results/market.json. Parts, one after the other so they do not share the CPU:
//   - the matching engine in memory (engineOrdersPerSec, bookBytesPerOrder; bench/market/engine.ts);
//   - settlement gas on Hardhat (fillGas, fillGasPlainTokens, settleGasPerTrade, cancelGas; bench/settlement-gas.ts);
//   - on a local anvil chain and a throw-away PostgreSQL cluster: intake over HTTP (bench/market/intake.ts), makers'
//     batches of 50 signed orders per placeOrders request (intakeOrdersPerSec) and one order per placeOrder request
//     (intakeSingleOrdersPerSec), and trades confirmed through the outbox (tradesSettledPerSec; bench/market/settlement.ts).
// Timings are medians of several runs. FOLIO_BENCH_MARKET_PARTS=engine,gas,live picks parts (all by default);
// FOLIO_BENCH_INTAKE_ORDERS and FOLIO_BENCH_SETTLE_TRADES shrink a trial run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { measureEngine } from "./engine.ts";
import { measureSettlementGas } from "./gas.ts";
import { measureIntake, type IntakeRun } from "./intake.ts";
import { startLiveMarket } from "./platform.ts";
import { measureSettlement } from "./settlement.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OUT = path.join(ROOT, "bench/results/market.json");
const PARTS = new Set((process.env.FOLIO_BENCH_MARKET_PARTS ?? "engine,gas,live").split(",").map((p) => p.trim()));
/** Each intake run sends up to `orders` (`batch` per request) and stops handing out new ones after `maxSeconds`. */
const INTAKE = { runs: 3, orders: Number(process.env.FOLIO_BENCH_INTAKE_ORDERS ?? 3_000), batch: 50, clients: 32, maxSeconds: 10 };
const INTAKE_SINGLE = { ...INTAKE, orders: Math.min(INTAKE.orders, 600), batch: 1 };
const SETTLEMENT = { runs: 3, trades: Number(process.env.FOLIO_BENCH_SETTLE_TRADES ?? 500), warmUpTrades: 50 };

const TARGETS: Record<string, { target: number; better: "higher" | "lower"; note?: string }> = {
  fillGas: { target: 125_000, better: "lower" },
  fillGasPlainTokens: { target: 95_000, better: "lower", note: "1inch limit orders v4 full fill: 99,228" },
  settleGasPerTrade: { target: 130_000, better: "lower" },
  cancelGas: { target: 30_000, better: "lower", note: "1inch: 44,571" },
  engineOrdersPerSec: { target: 300_000, better: "higher" },
  intakeOrdersPerSec: { target: 2_000, better: "higher", note: "placeOrders, 50 orders per request" },
  intakeSingleOrdersPerSec: { target: 2_000, better: "higher", note: "placeOrder, 1 order per request (no separate target)" },
  tradesSettledPerSec: { target: 200, better: "higher" },
  bookBytesPerOrder: { target: 1_024, better: "lower" },
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const started = Date.now();
const log = (line: string) => console.log(`  ${line} (at ${Math.round((Date.now() - started) / 1000)} s)`);

// Parts not run keep their previous figures, so a partial run never drops keys from the file.
const previous = fs.existsSync(OUT) ? (JSON.parse(fs.readFileSync(OUT, "utf8")) as Record<string, unknown>) : {};
const figures: Record<string, unknown> = {};
const loadAverage: Record<string, number> = {};
const load = () => Number(os.loadavg()[0]!.toFixed(2));

console.log("Folio market benchmark");
if (PARTS.has("engine")) {
  log("matching engine: 100,000 random limit orders in memory");
  loadAverage.engine = load();
  Object.assign(figures, measureEngine());
}
if (PARTS.has("gas")) {
  log("settlement gas: bench/settlement-gas.ts on Hardhat");
  loadAverage.gas = load();
  Object.assign(figures, measureSettlementGas(ROOT));
}
if (PARTS.has("live")) {
  log("live market: anvil, throw-away PostgreSQL, the app on loopback");
  const live = await startLiveMarket();
  try {
    const intakeRuns = [];
    for (const options of [INTAKE, INTAKE_SINGLE]) {
      log(`intake: ${options.runs} runs of up to ${options.orders} signed orders (or ${options.maxSeconds} s), ${options.batch} per request, from ${options.clients} concurrent HTTP clients`);
      loadAverage[options.batch === 1 ? "intakeSingle" : "intake"] = load();
      const runs = await measureIntake(live, options);
      for (const r of runs) log(`  ${r.orders} orders in ${r.seconds} s: ${r.ordersPerSec}/s, ${r.cpuMsPerOrder} ms of this process's CPU each`);
      intakeRuns.push(runs);
    }
    const [intake, intakeSingle] = intakeRuns as [IntakeRun[], IntakeRun[]];
    log(`settlement: ${SETTLEMENT.runs} runs of ${SETTLEMENT.trades} trades, their bids sent at once`);
    loadAverage.settlement = load();
    const settlement = await measureSettlement(live, SETTLEMENT);
    for (const r of settlement) log(`  ${r.trades} trades in ${r.transactions} transactions, ${r.seconds} s (matched after ${r.matchedSeconds} s): ${r.tradesPerSec}/s`);
    Object.assign(figures, {
      intakeOrdersPerSec: median(intake.map((r) => r.ordersPerSec)),
      intakeSingleOrdersPerSec: median(intakeSingle.map((r) => r.ordersPerSec)),
      tradesSettledPerSec: median(settlement.map((r) => r.tradesPerSec)),
      intakeRuns: [...intake, ...intakeSingle],
      settlementRuns: settlement,
    });
  } finally {
    await live.close();
  }
}

const result = { ...previous, ...figures };
const rows = Object.entries(TARGETS).map(([key, t]) => {
  const value = result[key] as number | undefined;
  const met = value === undefined ? "" : (t.better === "higher" ? value >= t.target : value <= t.target) ? "yes" : "NO";
  return { key, value: value?.toLocaleString("en") ?? "(not run)", target: `${t.better === "higher" ? "≥" : "≤"} ${t.target.toLocaleString("en")}`, met, note: t.note ?? "" };
});
console.table(rows);
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify({
  ...result,
  conditions:
    `intake: ${INTAKE.clients} concurrent keep-alive HTTP clients on loopback, the app in the benchmark's process, PostgreSQL (throw-away cluster, fsync off), ` +
    `anvil automining, orders signed before timing and never crossing; intakeOrdersPerSec: two makers' batches of ${INTAKE.batch} orders per placeOrders request, ` +
    `each run up to ${INTAKE.orders} orders or ${INTAKE.maxSeconds} s; intakeSingleOrdersPerSec: one order per placeOrder request, each run up to ${INTAKE_SINGLE.orders} orders; ` +
    `settlement: after an untimed run of ${SETTLEMENT.warmUpTrades} trades (the token's first settlement is gas-estimated; later batches ask for the gas recent ones used per trade, ×1.5), ` +
    `${SETTLEMENT.trades} one-lot asks rested first (not timed), then bids of up to 250 lots sent at once match them, clock from sending the bids ` +
    `(matching and storing the trades included) to every trade confirmed through the outbox ` +
    `(default FOLIO_OUTBOX_* settings, 1 confirmation) and the market's reconcile loop; medians of ${INTAKE.runs} runs each.`,
  loadAverage: { ...(previous.loadAverage as object | undefined), ...loadAverage },
  cpus: os.cpus().length,
  measuredAt: new Date().toISOString(),
  node: process.version,
}, null, 2)}\n`);
console.log(`Wrote ${path.relative(ROOT, OUT)}`);
