import { afterAll, beforeAll, expect, it } from "vitest";
import { settlementAbi } from "../../../deployments/abi/index.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { BUYER, E18, SELLER, startMarketPlatform, type MarketPlatform } from "../market/market-fixture.ts";
import { area, differences, figures, kinds, reconcilePlatform, whileChanged } from "./reconcile-fixture.ts";

const PRICE = 2_500_000n; // 2.50 cash per token

describeEachDatabase("reconciliation: trades and fills", (kind) => {
  let f: MarketPlatform;
  let partial: string; // a sell order filled in two trades (the contract keeps its filled amount)
  let whole: string; // a buy order filled whole by one trade (the contract uses its nonce instead)
  let restingNonce: bigint;
  let resting: string; // an open sell order, part filled
  let trade: { id: string };
  const db = () => f.platform.db;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
    const sell = await f.order(SELLER, "sell", 5n * E18, PRICE);
    partial = (await f.placeOk(sell)).order.hash;
    const first = await f.placeOk(await f.order(BUYER, "buy", 2n * E18, PRICE));
    whole = first.order.hash;
    const second = await f.placeOk(await f.order(BUYER, "buy", 3n * E18, PRICE));
    const rest = await f.order(SELLER, "sell", 4n * E18, PRICE);
    restingNonce = rest.nonce;
    resting = (await f.placeOk(rest)).order.hash;
    const third = await f.placeOk(await f.order(BUYER, "buy", 1n * E18, PRICE));
    const moved = await f.settle([...first.trades, ...second.trades, ...third.trades]);
    if (moved.confirmed !== 3) throw new Error(`expected 3 confirmed trades, got ${JSON.stringify(moved)}`);
    trade = first.trades[0];
  }, 240_000);
  afterAll(() => f?.close());

  it("finds the market reconciled: every confirmed trade is its fill, every order's filled amount the contract's", async () => {
    const summary = await reconcilePlatform(f.platform, ["trades", "outbox"]);
    expect(differences(summary)).toEqual([]);
    // 3 trades, 5 orders (the setup's and those placed here)
    expect(area(summary, "trades and fills").checked).toBe(3 + (await f.count("market_orders")));
    expect(area(summary, "outbox writes").checked).toBe(3);
    console.log(`[${kind.name}] market: ${figures(summary)}`);
  });

  it("names a trade row altered in the database: its amount, and the orders' filled amounts that no longer add up", async () => {
    const summary = await whileChanged(
      () => db().query("update market_trades set amount = amount + 1, price = price + 10000 where id = $1", [trade.id]),
      () => db().query("update market_trades set amount = amount - 1, price = price - 10000 where id = $1", [trade.id]),
      () => reconcilePlatform(f.platform, ["trades"]),
    );
    expect(differences(summary).sort()).toEqual([`trade.amount trade ${trade.id}`, `trade.price trade ${trade.id}`]);
    expect(area(summary, "trades and fills").differences.find((d) => d.kind === "trade.amount")!.detail).toContain(`database ${2n * E18 + 1n}, chain ${2n * E18}`);

    const filled = await whileChanged(
      () => db().query("update market_orders set filled = filled - $2 where hash = any($1::text[])", [[partial, whole], (1n * E18).toString()]),
      () => db().query("update market_orders set filled = filled + $2 where hash = any($1::text[])", [[partial, whole], (1n * E18).toString()]),
      () => reconcilePlatform(f.platform, ["trades"]),
    );
    expect(differences(filled).sort()).toEqual([`order.filled order ${partial}`, `order.filled order ${whole}`].sort());
  });

  it("names a trade confirmed twice, and a fill on chain the database lost", async () => {
    const twice = await whileChanged(
      () => db().query(`insert into market_trades (token, cash_token, maker_hash, taker_hash, buy_hash, sell_hash, price, amount, cash, status, outbox_entry_id, tx_hash, block_number)
        select token, cash_token, maker_hash, taker_hash, buy_hash, sell_hash, price, amount, cash, status, outbox_entry_id, tx_hash, block_number from market_trades where id = $1`, [trade.id]),
      () => db().query("delete from market_trades where id > (select max(id) - 1 from market_trades) and id <> $1", [trade.id]),
      () => reconcilePlatform(f.platform, ["trades"]),
    );
    expect(kinds(twice)).toEqual(["trade.confirmed-twice"]);

    const lost = await whileChanged(
      () => db().query("update market_trades set status = 'failed' where id = $1", [trade.id]),
      () => db().query("update market_trades set status = 'confirmed' where id = $1", [trade.id]),
      () => reconcilePlatform(f.platform, ["trades"]),
    );
    expect(differences(lost)).toEqual([`fill.unrecorded order ${partial}`]);
    expect((await reconcilePlatform(f.platform, ["trades"])).ok).toBe(true);
  });

  it("names an order cancelled on chain behind the server's back, and an outbox write the chain never mined", async () => {
    await f.write(SELLER, f.settlement, settlementAbi, "cancel", [restingNonce]);
    const summary = await reconcilePlatform(f.platform, ["trades"]);
    expect(differences(summary)).toEqual([`order.void-on-chain order ${resting}`]);

    const { rows: [entry] } = await db().query<{ id: string; tx_hash: string }>("select id::text as id, tx_hash from outbox_entries where status = 'confirmed' order by id limit 1");
    const lost = await whileChanged(
      () => db().query("update outbox_entries set tx_hash = $2 where id = $1", [entry!.id, `0x${"ab".repeat(32)}`]),
      () => db().query("update outbox_entries set tx_hash = $2 where id = $1", [entry!.id, entry!.tx_hash]),
      () => reconcilePlatform(f.platform, ["outbox"]),
    );
    expect(kinds(lost)).toEqual(["outbox.lost"]);
  });
});
