import type { Logger } from "../logger.ts";
import type { KycService } from "./kyc-service.ts";

/**
 * The periodic KYC job: every `intervalMs` it flags investors whose KYC runs out soon and moves those whose KYC
 * has run out to liquidate-only on chain (KycService.checkExpiry). `runOnce` runs a pass now (tests, tools).
 */
export function createKycJob(options: { kyc: KycService; intervalMs: number; logger: Logger }) {
  const { kyc, intervalMs } = options;
  const log = options.logger.child({ component: "kyc-job" });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function runOnce() {
    // One pass at a time: a slow chain never stacks passes up.
    running ??= kyc.checkExpiry().finally(() => {
      running = null;
    });
    return running as Promise<{ flagged: number; expired: number }>;
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        runOnce().catch((err) => log.warn({ msg: "kyc job pass failed, retrying next interval", err: { message: (err as Error).message } }));
      }, intervalMs);
      timer.unref();
      log.info({ msg: "kyc job started", intervalMs });
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => {});
    },
  };
}

export type KycJob = ReturnType<typeof createKycJob>;
