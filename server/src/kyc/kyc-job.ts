import type { AdvisoryLock, Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { KycService } from "./kyc-service.ts";

/**
 * The periodic KYC job: every `intervalMs` it flags investors whose KYC runs out soon and moves those whose KYC
 * has run out to liquidate-only on chain (KycService.checkExpiry). `runOnce` runs a pass now (tests, tools).
 * With `db`, only the replica holding the job's advisory lock runs the timed passes (one leader among the processes
 * sharing the database); a pass is safe to repeat, the lock only saves the others the work.
 */
export function createKycJob(options: { kyc: KycService; intervalMs: number; logger: Logger; db?: Pick<Database, "tryAdvisoryLock"> }) {
  const { kyc, intervalMs } = options;
  const log = options.logger.child({ component: "kyc-job" });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let lock: AdvisoryLock | null = null;

  let acquiring: Promise<boolean> | null = null;

  function leads(): Promise<boolean> {
    if (!options.db || lock?.held) return Promise.resolve(true);
    // One attempt at a time, so a slow database never leaves a second lock connection behind.
    acquiring ??= options.db.tryAdvisoryLock("folio:kyc-job").then((taken) => {
      lock = taken;
      if (taken) log.info({ msg: "kyc job leads" });
      return taken !== null;
    }).finally(() => {
      acquiring = null;
    });
    return acquiring;
  }

  async function runOnce() {
    // One pass at a time: a slow chain never stacks passes up.
    running ??= kyc.checkExpiry().finally(() => {
      running = null;
    });
    return running as Promise<{ flagged: number; expired: number }>;
  }

  return {
    runOnce,
    /** True while this job holds the leadership lock (always true without `db`). */
    get leading() {
      return !options.db || lock?.held === true;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        leads()
          .then((leading) => (leading ? runOnce() : undefined))
          .catch((err) => log.warn({ msg: "kyc job pass failed, retrying next interval", err: { message: (err as Error).message } }));
      }, intervalMs);
      timer.unref();
      log.info({ msg: "kyc job started", intervalMs });
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => {});
      await acquiring?.catch(() => {});
      await lock?.release();
      lock = null;
    },
  };
}

export type KycJob = ReturnType<typeof createKycJob>;
