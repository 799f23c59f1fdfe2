import { waitQuiet } from "./judge.ts";
import { poll, type Scenario } from "./scenario.ts";
import { finishApprovals, tolerate, tradeCounts } from "./steps.ts";

const CUT_MS = 5_000;

/**
 * The line between the server and its node is cut for 5 s (every connection reset, new ones refused) while approvals
 * and trades are being sent. The server stays up; it must resume on its own once the node answers again.
 */
export const rpcCut: Scenario = {
  name: "rpc-cut",
  fault: `RPC line cut for ${CUT_MS / 1000} s while approvals and trades are in the outbox`,
  async run(p, w) {
    const ids = await w.submitApplications(4);
    const trading = tolerate(w.trade(3));
    const entry = await poll(async () => {
      const { rows } = await p.db.query<{ id: string; status: string }>(`select id::text as id, status from outbox_entries where status in ('pending', 'sending', 'sent') order by id limit 1`);
      return rows[0];
    }, "an open outbox entry", { timeoutMs: 60_000, everyMs: 1 });
    await p.proxy.cut();
    // Approvals during the cut: they only need the database, their writes wait in the outbox.
    const approving = tolerate(w.approve(ids));
    await new Promise((r) => setTimeout(r, CUT_MS));
    await p.proxy.restore();
    const started = performance.now();
    await Promise.all([approving, trading]);
    await finishApprovals(p, w, ids);
    await waitQuiet(p);
    const recoveryMs = Math.round(performance.now() - started);
    // Trading goes on once the node answers: placements refused during the cut are made again.
    await w.trade(2);
    await waitQuiet(p);
    const counts = await tradeCounts(p);
    return {
      injectedAt: `outbox entry ${entry.id} ${entry.status}; line down ${CUT_MS} ms`,
      recoveryMs,
      workload: { kycApprovals: ids.length, tradesConfirmed: counts.confirmed ?? 0, tradesFailed: counts.failed ?? 0 },
    };
  },
};
