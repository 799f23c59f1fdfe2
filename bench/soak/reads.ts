// The read side of the soak: what the console and the market page ask for, public and signed in, one operation per
// start in turn.
import { BOOK, BUYER, SELLER, TOKEN_OWNER } from "../../test/server/market/market-fixture.ts";
import type { Stream } from "./schedule.ts";
import type { SoakContext } from "./soak-context.ts";

interface Read {
  op: string;
  query: string;
  variables?: (ctx: SoakContext) => Record<string, unknown>;
  /** Dev account that asks (signed in); anonymous when absent. */
  as?: number;
}

const token = (ctx: SoakContext) => ({ t: ctx.f.token });

export const READS: Read[] = [
  { op: "orderBook", query: BOOK, variables: (ctx) => ({ t: ctx.f.token, c: ctx.f.cash }) },
  { op: "trades", query: `query($t: Address!) { trades(token: $t) { id status price amount createdAt } }`, variables: token },
  { op: "marketStats", query: `query($t: Address!) { marketStats(token: $t) { lastPrice volume cashVolume high low changeBps trades } }`, variables: token },
  { op: "candles", query: `query($t: Address!) { candles(token: $t, interval: M1, limit: 60) { time open high low close volume trades } }`, variables: token },
  { op: "markets", query: `{ markets { token cashToken tickSize lotSize stats { lastPrice volume } } }` },
  { op: "tokens", query: `{ tokens { address name symbol totalSupply investorCount } }` },
  { op: "distributions", query: `query($t: Address!) { distributions(token: $t, first: 10) { edges { node { id } } pageInfo { hasNextPage } } }`, variables: token },
  { op: "indexerStatus", query: `{ indexerStatus { latestIndexedBlock chainHead lag } }` },
  { op: "me", query: `{ me { address roles { role token } } }`, as: BUYER },
  { op: "myOrders", query: `{ myOrders { hash status side price remaining } }`, as: SELLER },
  { op: "investor", query: `query($w: Address!) { investor(wallet: $w) { investorId verified country wallets } }`, variables: (ctx) => ({ w: ctx.f.wallet(BUYER) }), as: BUYER },
  { op: "myApplication", query: `{ myApplication { id status } }`, as: SELLER },
  { op: "myClaims", query: `{ myClaims(first: 10) { pageInfo { hasNextPage } } }`, as: BUYER },
  { op: "holders", query: `query($t: Address!) { holders(token: $t, first: 50) { edges { node { investorId balance } } pageInfo { endCursor } } }`, variables: token, as: TOKEN_OWNER },
];

export function readStream(ctx: SoakContext, everyMs: number): Stream {
  return {
    name: "reads",
    everyMs,
    async job(tick) {
      const read = READS[tick % READS.length]!;
      const headers = read.as === undefined ? {} : await ctx.as(read.as);
      await ctx.client.request(read.op, read.query, read.variables?.(ctx), headers);
    },
  };
}
