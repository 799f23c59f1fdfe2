import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/databases.ts";
import { BUYER, E18, SELLER, startMarketPlatform, type MarketPlatform } from "./market-fixture.ts";

const CANDLES = `query($t: Address!, $i: CandleInterval!, $l: Int) { candles(token: $t, interval: $i, limit: $l) { time open high low close volume cashVolume trades } }`;
const STATS = `query($t: Address!) { marketStats(token: $t) { token lastPrice volume cashVolume trades high low referencePrice change changeBps } }`;
const MARKETS = `{ markets { token cashToken tickSize lotSize stats { lastPrice volume } } }`;

describeEachDatabase("market: candles and 24-hour figures from confirmed trades", (kind) => {
  let f: MarketPlatform;
  const ids: string[] = [];

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
  }, 240_000);
  afterAll(() => f?.close());

  /** One settled trade of `amount` whole tokens at `price` (cash units): the seller rests, the buyer crosses. */
  async function trade(amount: bigint, price: bigint) {
    await f.placeOk(await f.order(SELLER, "sell", amount * E18, price));
    const placed = await f.placeOk(await f.order(BUYER, "buy", amount * E18, price));
    expect(placed.trades).toHaveLength(1);
    await f.settle(placed.trades);
    ids.push(placed.trades[0].id);
  }
  const setTime = (id: string, sql: string) => f.platform.db.query(`update market_trades set created_at = ${sql} where id = $1`, [id]);

  it("shows an empty market before any trade: no candles, zero volume, no price", async () => {
    expect((await f.gql(null, CANDLES, { t: f.token, i: "M1" })).data.candles).toEqual([]);
    expect((await f.gql(null, STATS, { t: f.token })).data.marketStats).toEqual({
      token: f.token, lastPrice: null, volume: "0", cashVolume: "0", trades: 0, high: null, low: null, referencePrice: null, change: null, changeBps: null,
    });
  });

  it("buckets confirmed trades into 1m, 5m and 1h candles with open, high, low, close and both volumes", async () => {
    await trade(1n, 2_500_000n);
    await trade(2n, 3_000_000n);
    await trade(1n, 2_000_000n);
    await setTime(ids[0]!, `'2026-01-01T10:00:30Z'`);
    await setTime(ids[1]!, `'2026-01-01T10:00:50Z'`);
    await setTime(ids[2]!, `'2026-01-01T10:03:10Z'`);
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0) / 1000;

    const m1 = (await f.gql(null, CANDLES, { t: f.token, i: "M1" })).data.candles;
    expect(m1).toEqual([
      { time: t0, open: "2500000", high: "3000000", low: "2500000", close: "3000000", volume: (3n * E18).toString(), cashVolume: "8500000", trades: 2 },
      { time: t0 + 180, open: "2000000", high: "2000000", low: "2000000", close: "2000000", volume: E18.toString(), cashVolume: "2000000", trades: 1 },
    ]);
    const m5 = (await f.gql(null, CANDLES, { t: f.token, i: "M5" })).data.candles;
    expect(m5).toEqual([{ time: t0, open: "2500000", high: "3000000", low: "2000000", close: "2000000", volume: (4n * E18).toString(), cashVolume: "10500000", trades: 3 }]);
    expect((await f.gql(null, CANDLES, { t: f.token, i: "H1" })).data.candles).toEqual([{ ...m5[0], time: t0 }]);
    // limit keeps the newest buckets.
    expect((await f.gql(null, CANDLES, { t: f.token, i: "M1", l: 1 })).data.candles).toEqual([m1[1]]);
  }, 180_000);

  it("gives 24-hour volume, range and the change against the last price before the window", async () => {
    await setTime(ids[0]!, `now() - interval '25 hours'`);
    await setTime(ids[1]!, `now() - interval '1 hour'`);
    await setTime(ids[2]!, `now() - interval '10 minutes'`);
    const stats = (await f.gql(null, STATS, { t: f.token })).data.marketStats;
    expect(stats).toEqual({
      token: f.token, lastPrice: "2000000", volume: (3n * E18).toString(), cashVolume: "8000000", trades: 2,
      high: "3000000", low: "2000000", referencePrice: "2500000", change: "-500000", changeBps: -2000,
    });
    const markets = (await f.gql(null, MARKETS)).data.markets;
    expect(markets).toEqual([{ token: f.token, cashToken: f.cash, tickSize: "10000", lotSize: (10n ** 14n).toString(), stats: { lastPrice: "2000000", volume: (3n * E18).toString() } }]);
  });

  it("leaves out a trade whose settlement failed, and counts the window's first trade as the reference when none is older", async () => {
    await f.platform.db.query(`update market_trades set status = 'failed' where id = $1`, [ids[0]]);
    await f.platform.db.query(`update market_trades set status = 'failed' where id = $1`, [ids[2]]);
    const stats = (await f.gql(null, STATS, { t: f.token })).data.marketStats;
    expect(stats).toMatchObject({ lastPrice: "3000000", volume: (2n * E18).toString(), trades: 1, referencePrice: "3000000", change: "0", changeBps: 0 });
    const h1 = (await f.gql(null, CANDLES, { t: f.token, i: "D1" })).data.candles;
    expect(h1).toHaveLength(1);
    expect(h1[0]).toMatchObject({ open: "3000000", close: "3000000", trades: 1 });
    await f.platform.db.query(`update market_trades set status = 'confirmed' where id = any($1::bigint[])`, [[ids[0], ids[2]]]);
  });

  it("refuses a limit out of range and an unknown interval with a clear error", async () => {
    for (const l of [0, 1001, -5]) {
      const result = await f.gql(null, CANDLES, { t: f.token, i: "M1", l });
      expect(result.errors?.[0]?.message).toBe("limit must be an integer from 1 to 1000");
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const bad = await f.gql(null, CANDLES, { t: f.token, i: "M2" });
    expect(bad.errors?.[0]?.message).toMatch(/CandleInterval/);
    const notAddress = await f.gql(null, STATS, { t: "0x1234" });
    expect(notAddress.errors?.[0]?.message).toMatch(/Address/);
  });
});
