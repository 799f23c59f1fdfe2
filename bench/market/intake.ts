// intakeOrdersPerSec: signed orders accepted through GraphQL (placeOrder over HTTP on loopback, many keep-alive
// clients at once), each one's signature checked against the chain and stored in PostgreSQL. The orders are signed
// before the clock starts and never cross (bids far below asks), so the figure is intake, not matching or settlement.
import { BUYER, LOT, SELLER } from "../../test/server/market/market-fixture.ts";
import { orderSigner, type SignedOrder } from "./orders.ts";
import type { LiveMarket } from "./platform.ts";

/** Cash per whole token of the resting bids and asks: they never meet each other nor the settlement runs' price. */
export const BID_PRICE = 1_000_000n;
export const ASK_PRICE = 100_000_000n;

export interface IntakeRun {
  orders: number;
  seconds: number;
  ordersPerSec: number;
  /** CPU time of the benchmark's process (the app and its HTTP clients; not PostgreSQL, not anvil) per order. */
  cpuMsPerOrder: number;
}

/** Signs `count` one-lot orders, alternating a bid of the buyer and an ask of the seller. */
async function signOrders(sign: Awaited<ReturnType<typeof orderSigner>>, count: number): Promise<SignedOrder[]> {
  const out: SignedOrder[] = [];
  for (let i = 0; i < count; i++) out.push(await (i % 2 === 0 ? sign(BUYER, LOT, BID_PRICE) : sign(SELLER, LOT, ASK_PRICE)));
  return out;
}

/**
 * Sends the orders through `clients` concurrent loops until all are sent or `maxSeconds` have passed (a slow server
 * then gives a rate over fewer orders, not a five-minute run). Any refusal stops the benchmark: it would flatter it.
 */
async function send(live: LiveMarket, orders: SignedOrder[], clients: number, headers: Map<number, Record<string, string>>, maxSeconds: number) {
  let next = 0;
  let accepted = 0;
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < orders.length && elapsed() < maxSeconds; i = next++) {
      const { as, body } = orders[i]!;
      const response = await fetch(live.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", ...headers.get(as)! }, body });
      const result = (await response.json()) as { errors?: unknown[] };
      if (!response.ok || result.errors) throw new Error(`placeOrder refused during the intake benchmark: ${response.status} ${JSON.stringify(result.errors)}`);
      accepted += 1;
    }
  }));
  return { accepted, seconds: elapsed() };
}

/** `runs` timed runs of up to `orders` orders each (after a short warm-up), all signed up front. */
export async function measureIntake(
  live: LiveMarket,
  options: { runs: number; orders: number; clients: number; maxSeconds: number; around?: (run: () => Promise<IntakeRun>) => Promise<IntakeRun> },
): Promise<IntakeRun[]> {
  const headers = new Map([[BUYER, await live.f.as(BUYER)], [SELLER, await live.f.as(SELLER)]]);
  const sign = await orderSigner(live);
  const warmUp = await signOrders(sign, 2 * options.clients);
  const batches = [];
  for (let r = 0; r < options.runs; r++) batches.push(await signOrders(sign, options.orders));
  await send(live, warmUp, options.clients, headers, options.maxSeconds);
  const runs: IntakeRun[] = [];
  const around = options.around ?? ((run) => run());
  for (const batch of batches) {
    const stored = await live.f.count("market_orders");
    // `around` wraps only the timed part (a profiler, in bench/market/intake-only.ts).
    const run = await around(async () => {
      const cpu = process.cpuUsage();
      const { accepted, seconds } = await send(live, batch, options.clients, headers, options.maxSeconds);
      const used = process.cpuUsage(cpu);
      return {
        orders: accepted, seconds: Number(seconds.toFixed(3)), ordersPerSec: Math.round(accepted / seconds),
        cpuMsPerOrder: Number(((used.user + used.system) / 1000 / accepted).toFixed(2)),
      };
    });
    // Every accepted order is a row: the figure counts stored orders, not answers.
    if ((await live.f.count("market_orders")) !== stored + run.orders) throw new Error("the intake run stored a different number of orders than were accepted");
    runs.push(run);
  }
  return runs;
}
