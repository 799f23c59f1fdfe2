import type { Scenario } from "./scenario.ts";
import { poll } from "./scenario.ts";
import { waitQuiet } from "./judge.ts";

const TRANSFERS = 80;

/**
 * The server is killed while its indexer is in the middle of a catch-up: the chain moved on while the server was down,
 * and the indexer, reading two blocks per batch, has committed part of the range. A restarted indexer must resume at
 * its cursor without losing or doubling a transfer, a balance or a holder.
 */
export const killWhileIndexing: Scenario = {
  name: "kill-while-indexing",
  fault: "server SIGKILLed while the indexer is mid-range in a catch-up, 2 blocks per batch",
  options: { env: { FOLIO_INDEXER_BATCH_BLOCKS: "2" } },
  async run(p, w) {
    const ids = await w.submitApplications(2);
    await w.approve(ids);
    await w.trade(2);
    await waitQuiet(p);
    // A round declared, funded and claimed: the catch-up then covers the Distributor's events too.
    await w.distribute();
    await waitQuiet(p);
    await p.server.stop();
    const from = Number(await p.client.getBlockNumber());
    await w.transfers(TRANSFERS);
    const to = Number(await p.client.getBlockNumber()) - p.confirmations;
    await p.restart();
    const cursor = await poll(async () => {
      const { rows } = await p.db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor`);
      const at = Number(rows[0]!.last_block);
      return at > from + 10 && at < to - 10 ? at : undefined;
    }, "the indexer mid-range", { timeoutMs: 60_000, everyMs: 1 });
    const started = performance.now();
    await p.kill();
    await p.restart();
    await waitQuiet(p);
    return {
      injectedAt: `indexer cursor at block ${cursor} of a catch-up from ${from} to ${to}`,
      recoveryMs: Math.round(performance.now() - started),
      workload: { kycApprovals: ids.length, trades: 2, distributions: 1, claims: 1, transfers: TRANSFERS },
    };
  },
};
