/** Latencies and errors per operation of the soak, and their percentiles. */
export interface OperationFigures {
  count: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export function createRecorder() {
  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  /** The first few error answers per operation, to find their cause. */
  const samples = new Map<string, string[]>();

  return {
    ok(op: string, ms: number) {
      if (!latencies.has(op)) latencies.set(op, []);
      latencies.get(op)!.push(ms);
    },
    error(op: string, ms: number, what: string) {
      this.ok(op, ms);
      errors.set(op, (errors.get(op) ?? 0) + 1);
      const kept = samples.get(op) ?? [];
      if (kept.length < 5) samples.set(op, [...kept, what.slice(0, 500)]);
    },
    totals() {
      let requests = 0;
      for (const l of latencies.values()) requests += l.length;
      const failed = [...errors.values()].reduce((a, b) => a + b, 0);
      return { requests, errors: failed };
    },
    /** Figures per operation, sorted by name; latencies of answered and failed requests alike. */
    figures(): Record<string, OperationFigures> {
      const out: Record<string, OperationFigures> = {};
      for (const op of [...latencies.keys()].sort()) {
        const sorted = [...latencies.get(op)!].sort((a, b) => a - b);
        // Nearest rank: the smallest latency at or above the fraction q of requests.
        const at = (q: number) => Math.round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! * 10) / 10;
        out[op] = { count: sorted.length, errors: errors.get(op) ?? 0, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
      }
      return out;
    },
    errorSamples: () => Object.fromEntries(samples),
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
