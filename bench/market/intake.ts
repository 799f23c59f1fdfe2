// intakeOrdersPerSec: signed orders accepted through GraphQL (over HTTP on loopback, many keep-alive clients at
// once), each one's signature checked against the chain and stored in PostgreSQL: one order per request
// (placeOrder), or a maker's batch per request (placeOrders, as a market maker sends its quotes). The orders are
// signed before the clock starts and never cross (bids far below asks), so the figure is intake, not matching or
// settlement.
import { BUYER, LOT, SELLER } from "../../test/server/market/market-fixture.ts";
import { orderSigner, PLACE_MANY, type SignedOrder } from "./orders.ts";
import { sendFromWorker, type LoadJob } from "./http-load.ts";
import type { LiveMarket } from "./platform.ts";

/** Cash per whole token of the resting bids and asks: they never meet each other nor the settlement runs' price. */
export const BID_PRICE = 1_000_000n;
export const ASK_PRICE = 100_000_000n;

export interface IntakeRun {
  /** Orders per request: 1 is placeOrder, more is placeOrders. */
  batch: number;
  orders: number;
  seconds: number;
  ordersPerSec: number;
  /** CPU time of the benchmark's process (the app, and its HTTP clients on a worker thread; not PostgreSQL, not anvil) per order. */
  cpuMsPerOrder: number;
  /** With the app in processes of its own: their CPU time per order. */
  serverCpuMsPerOrder?: number;
}

/** Signs `count` one-lot orders, alternating a bid of the buyer and an ask of the seller. */
async function signOrders(sign: Awaited<ReturnType<typeof orderSigner>>, count: number): Promise<SignedOrder[]> {
  const out: SignedOrder[] = [];
  for (let i = 0; i < count; i++) out.push(await (i % 2 === 0 ? sign(BUYER, LOT, BID_PRICE) : sign(SELLER, LOT, ASK_PRICE)));
  return out;
}

/** One HTTP request: a single order's placeOrder, or a maker's batch in one placeOrders. */
interface IntakeRequest {
  as: typeof BUYER | typeof SELLER;
  body: string;
  orders: number;
}

/** The requests carrying `orders`: each alone, or in batches of one maker's orders (makers alternate). */
function requestsOf(orders: SignedOrder[], batch: number, live: LiveMarket): IntakeRequest[] {
  if (batch === 1) return orders.map(({ as, body }) => ({ as, body, orders: 1 }));
  const requests: IntakeRequest[] = [];
  for (const as of [BUYER, SELLER] as const) {
    const own = orders.filter((o) => o.as === as);
    for (let i = 0; i < own.length; i += batch) {
      const part = own.slice(i, i + batch);
      requests.push({ as, orders: part.length, body: JSON.stringify({ query: PLACE_MANY, variables: { orders: part.map((o) => live.f.input(o.order, o.signature)) } }) });
    }
  }
  // Both makers' batches interleaved, as two market makers quoting at once.
  const half = Math.ceil(requests.length / 2);
  return requests.slice(0, half).flatMap((r, i) => (requests[half + i] ? [r, requests[half + i]!] : [r]));
}

/** A run's requests as the load worker sends them, each with its maker's session. */
function loadJob(live: LiveMarket, requests: IntakeRequest[], clients: number, headers: Map<number, Record<string, string>>, maxSeconds: number): LoadJob {
  return { url: live.graphqlUrl, clients, maxSeconds, requests: requests.map(({ as, body, orders }) => ({ body, orders, headers: headers.get(as)! })) };
}

/** `runs` timed runs of up to `orders` orders each (after a short warm-up), all signed up front. */
export async function measureIntake(
  live: LiveMarket,
  options: { runs: number; orders: number; batch: number; clients: number; maxSeconds: number; around?: (run: () => Promise<IntakeRun>) => Promise<IntakeRun> },
): Promise<IntakeRun[]> {
  const headers = new Map([[BUYER, await live.f.as(BUYER)], [SELLER, await live.f.as(SELLER)]]);
  const sign = await orderSigner(live);
  const warmUp = await signOrders(sign, 2 * options.clients * options.batch);
  // Every run's requests are signed and encoded before any clock starts.
  const runsRequests: IntakeRequest[][] = [];
  for (let r = 0; r < options.runs; r++) runsRequests.push(requestsOf(await signOrders(sign, options.orders), options.batch, live));
  await sendFromWorker(loadJob(live, requestsOf(warmUp, options.batch, live), options.clients, headers, options.maxSeconds));
  const runs: IntakeRun[] = [];
  const around = options.around ?? ((run) => run());
  for (const requests of runsRequests) {
    const stored = await live.f.count("market_orders");
    // `around` wraps only the timed part (a profiler, in bench/market/intake-only.ts).
    const run = await around(async () => {
      const cpu = process.cpuUsage();
      const serverCpu = live.server?.cpuSeconds() ?? null;
      const { accepted, seconds } = await sendFromWorker(loadJob(live, requests, options.clients, headers, options.maxSeconds));
      const used = process.cpuUsage(cpu);
      return {
        batch: options.batch,
        orders: accepted, seconds: Number(seconds.toFixed(3)), ordersPerSec: Math.round(accepted / seconds),
        cpuMsPerOrder: Number(((used.user + used.system) / 1000 / accepted).toFixed(2)),
        ...(serverCpu === null ? {} : { serverCpuMsPerOrder: Number((((live.server!.cpuSeconds() ?? 0) - serverCpu) * 1000 / accepted).toFixed(2)) }),
      };
    });
    // Every accepted order is a row: the figure counts stored orders, not answers.
    if ((await live.f.count("market_orders")) !== stored + run.orders) throw new Error("the intake run stored a different number of orders than were accepted");
    runs.push(run);
  }
  return runs;
}
