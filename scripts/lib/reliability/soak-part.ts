import fs from "node:fs";
import path from "node:path";
import type { Part } from "./parts.ts";

interface SoakResult {
  durationSeconds: number;
  requests: number;
  errorRate: number;
  heapFirstMinuteMB: number;
  heapLastMinuteMB: number;
  heapGrowthPct: number;
  heapByMinuteMB: number[];
  perOperation: Record<string, { count: number; errors: number; p50Ms: number; p95Ms: number; p99Ms: number }>;
  settlement?: { tradesConfirmed: number; kycApproved: number; outboxFailed: number };
  measuredAt: string;
  machine: { cpus: number; loadAverageAtStart: number; loadAverageByMinute: number[] };
}

/** The soak (bench/soak/run.ts): mixed GraphQL traffic against the server in its own process, heap and errors. */
export const soakPart: Part = {
  key: "soak",
  title: "Soak: 10 minutes of mixed GraphQL traffic (reads, KYC onboarding, orders and cancels)",
  anchor: "no published soak figure for T-REX or CMTAT",
  target: "heap growth ≤ 10 %, error rate 0, p99 per operation reported",
  command: "npm run bench:soak",
  ci: "not in CI (ten minutes of load; run on demand, the figure notes the machine's load average)",
  read(root) {
    const file = path.join(root, "bench/results/soak.json");
    if (!fs.existsSync(file)) return null;
    const r = JSON.parse(fs.readFileSync(file, "utf8")) as SoakResult;
    const ops = Object.entries(r.perOperation);
    const slowest = [...ops].sort(([, a], [, b]) => b.p99Ms - a.p99Ms)[0];
    const loads = r.machine.loadAverageByMinute;
    return {
      figure: `${r.requests.toLocaleString("en")} requests in ${r.durationSeconds / 60} min, error rate ${r.errorRate}; ` +
        `heap after GC ${r.heapFirstMinuteMB} MB after the first minute, ${r.heapLastMinuteMB} MB after the last (${r.heapGrowthPct > 0 ? "+" : ""}${r.heapGrowthPct} %); ` +
        `p99 over ${ops.length} operations up to ${slowest ? `${slowest[1].p99Ms} ms (${slowest[0]})` : "—"}`,
      met: r.durationSeconds >= 600 && r.errorRate === 0 && r.heapGrowthPct <= 10,
      measuredAt: r.measuredAt.slice(0, 10),
      details: [
        `p50 / p95 / p99 ms per operation: ${ops.map(([op, o]) => `${op} ${o.p50Ms} / ${o.p95Ms} / ${o.p99Ms} (${o.count.toLocaleString("en")})`).join("; ")}.`,
        `Heap after GC at the end of each minute (MB): ${r.heapByMinuteMB.join(", ")}; the last is ` +
          `${(100 * (r.heapLastMinuteMB / Math.min(...r.heapByMinuteMB) - 1)).toFixed(1)} % above the lowest (a drift the ≤ 10 % target allows, to watch in longer runs).`,
        ...(r.settlement ? [`Writes that landed: ${r.settlement.tradesConfirmed} trades settled on chain, ${r.settlement.kycApproved} KYC approvals, ${r.settlement.outboxFailed} outbox entries failed.`] : []),
        `Machine: ${r.machine.cpus} CPUs shared with other work; 1-minute load average ${r.machine.loadAverageAtStart} at the start, ${loads.length ? `${Math.min(...loads)} to ${Math.max(...loads)}` : "—"} at the end of each minute (latencies include that contention).`,
      ],
    };
  },
};
