/**
 * Open-loop, fixed-rate scheduling: each stream starts its job every `everyMs` on a fixed timetable (not after the
 * previous job ends), so a slow answer does not slow the offered load and hide its own latency. A job still running
 * when its stream is due again does not stop the next one; `maxInFlight` bounds the pile-up of a stalled server, and
 * starts refused for it are counted (a measurement with any is not at the stated rate).
 */
export interface Stream {
  name: string;
  everyMs: number;
  /** First start, after the soak begins. */
  offsetMs?: number;
  job: (tick: number) => Promise<unknown>;
}

export interface ScheduleResult {
  started: number;
  refused: number;
  /** Jobs that threw (their requests are recorded by the client; this counts the flows that stopped). */
  failed: number;
  /** Most jobs running at once. */
  maxInFlight: number;
}

export async function runSchedule(streams: Stream[], options: { seconds: number; maxInFlight: number; onError: (stream: string, error: unknown) => void }): Promise<ScheduleResult> {
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const running = new Set<Promise<unknown>>();
  const result: ScheduleResult = { started: 0, refused: 0, failed: 0, maxInFlight: 0 };

  await new Promise<void>((done) => {
    let active = streams.length;
    for (const stream of streams) {
      let tick = 0;
      const due = () => start + (stream.offsetMs ?? 0) + tick * stream.everyMs;
      const next = () => {
        if (due() >= end) {
          if (--active === 0) done();
          return;
        }
        setTimeout(fire, Math.max(0, due() - performance.now()));
      };
      const fire = () => {
        const n = tick++;
        if (running.size >= options.maxInFlight) {
          result.refused += 1;
        } else {
          result.started += 1;
          const job = stream.job(n).catch((error) => {
            result.failed += 1;
            options.onError(stream.name, error);
          });
          running.add(job);
          result.maxInFlight = Math.max(result.maxInFlight, running.size);
          void job.finally(() => running.delete(job));
        }
        next();
      };
      next();
    }
  });
  // Jobs started before the end finish; their requests count.
  await Promise.all(running);
  return result;
}
