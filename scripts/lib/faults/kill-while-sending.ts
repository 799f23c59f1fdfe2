import { poll, type Scenario } from "./scenario.ts";
import { finishApprovals, tolerate } from "./steps.ts";

/**
 * The server is killed (SIGKILL) while an outbox entry is in state `sending`: its nonce is taken and its bytes may be
 * signed and on their way to the node. The line to the node is held at that moment, so the broadcast is in flight
 * when the process dies. A restarted server must send each approval's registry write exactly once.
 */
export const killWhileSending: Scenario = {
  name: "kill-while-sending",
  fault: "server SIGKILLed while an outbox entry is 'sending', its nonce taken and its broadcast in flight",
  async run(p, w) {
    const ids = await w.submitApplications(6);
    const approving = tolerate(w.approve(ids));
    const entry = await poll(async () => {
      const { rows } = await p.db.query<{ id: string; purpose: string; nonce: string; signed: boolean }>(
        `select id::text as id, purpose, nonce::text as nonce, raw_tx is not null as signed from outbox_entries where status = 'sending' order by id limit 1`);
      return rows[0];
    }, "an outbox entry in state sending", { timeoutMs: 60_000, everyMs: 1 });
    p.proxy.hold();
    const started = performance.now();
    await p.kill();
    p.proxy.release();
    await approving;
    await p.restart();
    await finishApprovals(p, w, ids);
    return {
      injectedAt: `outbox entry ${entry.id} (${entry.purpose}) in state sending, nonce ${entry.nonce}, ${entry.signed ? "signed" : "not yet signed"}`,
      recoveryMs: Math.round(performance.now() - started),
      workload: { kycApprovals: ids.length },
    };
  },
};
