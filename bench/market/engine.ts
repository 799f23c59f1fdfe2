// The matching engine's part of `npm run bench:market`: in-memory price-time matching of 100,000 random limit orders
// (prices drawn around one mid price, so about half cross), and the heap a resting order costs with 100,000 in the
// book. Run with --expose-gc so the heap figure is measured after collections.
import { randomBytes } from "node:crypto";
import type { Address, Hex } from "viem";
import { OrderBook, type IncomingOrder } from "../../server/src/market/engine/order-book.ts";

const ORDERS = 100_000;
const MAKERS = Array.from({ length: 1_000 }, () => `0x${randomBytes(20).toString("hex")}` as Address);

function randomOrders(count: number, crossing: boolean): IncomingOrder[] {
  const out: IncomingOrder[] = [];
  for (let i = 0; i < count; i++) {
    const side = Math.random() < 0.5 ? "buy" : "sell";
    // Crossing flow: both sides drawn over the same band around 1,000.00; resting flow: bids below asks.
    const offset = BigInt(Math.floor(Math.random() * 200));
    const price = crossing ? 99_900n + offset : side === "buy" ? 99_000n - offset : 101_000n + offset;
    out.push({ hash: `0x${randomBytes(32).toString("hex")}` as Hex, maker: MAKERS[i % MAKERS.length]!, side, price, remaining: BigInt(1 + Math.floor(Math.random() * 100)) * 10n ** 18n });
  }
  return out;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface EngineFigures {
  engineOrdersPerSec: number;
  /** The same rate over the process's CPU time: steadier than wall time on a busy machine. */
  engineOrdersPerCpuSec: number;
  engineMatchesPerRun: number;
  engineCrossingShare: number;
  bookBytesPerOrder: number;
}

/** Median of `runs` fresh books, each fed the same 100,000 orders, after one run that warms the JIT up. */
export function measureEngine(runs = 5): EngineFigures {
  const flow = randomOrders(ORDERS, true);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let matches = 0;
  let crossing = 0;
  const gc = collector();
  for (let run = 0; run < runs + 1; run++) {
    // The book copies what it keeps from an incoming order, so every run can be fed the same objects. The previous
    // run's book is collected before the clock starts, not during the run.
    gc();
    const book = new OrderBook();
    let m = 0;
    let c = 0;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const order of flow) {
      const placed = book.place(order);
      m += placed.matches.length;
      if (placed.matches.length > 0) c++;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    // The first run warms the JIT up and is not counted.
    if (run > 0) {
      rates.push(ORDERS / seconds);
      cpuRates.push(ORDERS / ((used.user + used.system) / 1e6));
    }
    matches = m;
    crossing = c / ORDERS;
  }
  return { engineOrdersPerSec: Math.round(median(rates)), engineOrdersPerCpuSec: Math.round(median(cpuRates)), engineMatchesPerRun: matches, engineCrossingShare: Number(crossing.toFixed(3)), bookBytesPerOrder: measureBookBytes() };
}

/** Heap growth per resting order: 100,000 orders that never cross, hashes made inside the measured window. */
function measureBookBytes(): number {
  const gc = collector();
  gc();
  const before = process.memoryUsage().heapUsed;
  const book = new OrderBook();
  for (const order of randomOrders(ORDERS, false)) book.place(order);
  gc();
  const after = process.memoryUsage().heapUsed;
  if (book.size !== ORDERS) throw new Error(`Expected ${ORDERS} resting orders, found ${book.size}`);
  return Math.round((after - before) / ORDERS);
}

function collector(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Run with node --expose-gc: the book's heap is measured, and each run starts collected");
  return gc;
}
