import { waitQuiet } from "./judge.ts";
import { poll, type Scenario } from "./scenario.ts";
import { tolerate, tradeCounts } from "./steps.ts";

const PAIRS = 6;

/**
 * The server is killed between matching and settlement: a trade is stored (its orders' amounts reserved) and its
 * settle transaction is not yet confirmed. The line to the node is held at that moment. A restarted market leader
 * must settle each trade exactly once and give back nothing that settled.
 */
export const killBetweenMatchAndSettle: Scenario = {
  name: "kill-between-match-and-settle",
  fault: "server SIGKILLed with a trade matched and its settlement not yet confirmed",
  async run(p, w) {
    const trading = tolerate(w.trade(PAIRS));
    const trade = await poll(async () => {
      const { rows } = await p.db.query<{ id: string; entry: string | null; status: string | null }>(
        `select t.id::text as id, t.outbox_entry_id::text as entry, o.status from market_trades t left join outbox_entries o on o.id = t.outbox_entry_id
         where t.status = 'pending' order by t.id limit 1`);
      return rows[0];
    }, "a trade between matching and settlement", { timeoutMs: 60_000, everyMs: 1 });
    p.proxy.hold();
    const started = performance.now();
    await p.kill();
    p.proxy.release();
    const placed = await trading;
    await p.restart();
    await waitQuiet(p);
    const recoveryMs = Math.round(performance.now() - started);
    // The market goes on after the restart: the placement the kill cut off, and more.
    await w.trade(3);
    await waitQuiet(p);
    const counts = await tradeCounts(p);
    return {
      injectedAt: `trade ${trade.id} pending, ${trade.entry ? `its settle entry ${trade.entry} ${trade.status}` : "not yet written to the outbox"}${placed instanceof Error ? "; the order placement in flight was cut off" : ""}`,
      recoveryMs,
      workload: { tradesConfirmed: counts.confirmed ?? 0, tradesFailed: counts.failed ?? 0 },
    };
  },
};
