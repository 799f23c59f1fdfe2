import { waitQuiet } from "./judge.ts";
import type { Scenario } from "./scenario.ts";
import { finishApprovals, tradeCounts } from "./steps.ts";

const CONFIRMATIONS = 2;

/**
 * The chain is reorganised deeper than the confirmation depth (indexer and outbox both wait for 2 blocks): anvil_reorg
 * replaces the last blocks, which hold confirmed registry writes, settlements and transfers, with empty ones, and
 * their transactions are gone (anvil does not return them to the pool). The indexer must rewind; what the server
 * wrote there must reach the chain again, once.
 */
export const deepReorg: Scenario = {
  name: "deep-reorg",
  fault: `chain reorganised deeper than the ${CONFIRMATIONS}-block confirmation depth, its transactions dropped`,
  options: { confirmations: CONFIRMATIONS },
  async run(p, w) {
    // Blocks keep coming, as on a live chain, so that writes reach their confirmations.
    const miner = setInterval(() => void p.rpc("evm_mine").catch(() => undefined), 300);
    try {
      const early = await w.submitApplications(2);
      await finishApprovals(p, w, early);
      const fork = Number(await p.client.getBlockNumber());
      const late = await w.submitApplications(2);
      await w.approve(late);
      await w.trade(2);
      await w.transfers(3);
      await finishApprovals(p, w, late);
      const head = Number(await p.client.getBlockNumber());
      const depth = head - fork;
      const started = performance.now();
      await p.rpc("anvil_reorg", [depth, []]);
      // Quiet once the server's key has sent, on the new branch, every write the outbox holds as mined (a server that
      // never notices stays behind, and the verdict names what was lost).
      const caughtUp = async () =>
        (await p.client.getTransactionCount({ address: p.agent, blockTag: "latest" })) === (await p.count(`select count(*) from outbox_entries where block_number is not null`));
      await waitQuiet(p, caughtUp, 30_000).catch(() => undefined);
      const counts = await tradeCounts(p);
      return {
        injectedAt: `reorg of ${depth} blocks (${fork + 1}–${head}) holding 2 approvals, 2 trades and 3 transfers`,
        recoveryMs: Math.round(performance.now() - started),
        workload: { kycApprovals: early.length + late.length, tradesConfirmed: counts.confirmed ?? 0, transfers: 3, reorgDepth: depth },
      };
    } finally {
      clearInterval(miner);
    }
  },
};
