import type { Logger } from "./logger.ts";

/**
 * Lets a soak test read this process's heap without any network surface: only when node runs with --expose-gc (a
 * benchmark's command line, never a deployment's), SIGUSR2 forces a full collection and logs the heap left, so the
 * figure is live memory rather than garbage not yet collected. Only the process's owner can send the signal.
 */
export function installHeapProbe(logger: Logger): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== "function") return;
  process.on("SIGUSR2", () => {
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    logger.info({ msg: "heap after gc", heapUsedBytes: heapUsed, rssBytes: rss });
  });
}
