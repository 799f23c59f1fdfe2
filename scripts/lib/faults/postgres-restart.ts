import { waitQuiet } from "./judge.ts";
import { poll, type Scenario } from "./scenario.ts";
import { finishApprovals, tolerate, tradeCounts } from "./steps.ts";

/**
 * PostgreSQL is restarted (`pg_ctl restart -m fast`: every session ended, the server back on the same port) while
 * approvals and trades are being written and sent. The server's sessions, and with them its leader locks, are gone;
 * it must stay up, take the leads again and finish every write once.
 */
export const postgresRestart: Scenario = {
  name: "postgres-restart",
  fault: "PostgreSQL restarted with pg_ctl restart -m fast under load",
  async run(p, w) {
    const ids = await w.submitApplications(4);
    const approving = tolerate(w.approve(ids));
    const trading = tolerate(w.trade(3));
    const entry = await poll(async () => {
      const { rows } = await p.db.query<{ id: string; status: string }>(`select id::text as id, status from outbox_entries where status in ('sending', 'sent') order by id limit 1`);
      return rows[0];
    }, "an outbox entry in flight", { timeoutMs: 60_000, everyMs: 1 });
    const started = performance.now();
    p.postgres.restart();
    await Promise.all([approving, trading]);
    // A server that dies of the restart is a failure; it is started again so the rest can still be judged.
    await new Promise((r) => setTimeout(r, 2_000));
    const died = p.server.exit();
    const failures = died === null ? [] : [`the server died of the restart (${died}): ${p.server.lines().slice(-40).map((l) => String(l.msg)).filter((m) => !m.startsWith("    at ")).join(" / ").slice(0, 1500)}`];
    if (died !== null) await p.restart();
    await finishApprovals(p, w, ids);
    await waitQuiet(p);
    const counts = await tradeCounts(p);
    return {
      injectedAt: `outbox entry ${entry.id} ${entry.status}; the server ${died === null ? "stayed up" : "died"}`,
      recoveryMs: Math.round(performance.now() - started),
      failures,
      workload: { kycApprovals: ids.length, tradesConfirmed: counts.confirmed ?? 0, tradesFailed: counts.failed ?? 0 },
    };
  },
};
