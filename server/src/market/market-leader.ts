import type { AdvisoryLock, Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";

/**
 * Whether this replica runs the matching engine: it holds the market's advisory lock (one leader per database).
 * `onLead` runs each time the lock is taken, so a replica that takes over rebuilds its books and loses nothing.
 */
export function createMarketLeader(options: { db: Database; logger: Logger; onLead: () => void }) {
  const { db, logger, onLead } = options;
  let lock: AdvisoryLock | null = null;
  let acquiring: Promise<boolean> | null = null;

  function leads(): Promise<boolean> {
    if (lock?.held) return Promise.resolve(true);
    acquiring ??= db.tryAdvisoryLock("folio:market-engine").then((taken) => {
      if (lock && !lock.held) logger.warn({ msg: "market engine lost its lock" });
      lock = taken;
      if (taken) {
        onLead();
        logger.info({ msg: "market engine leads" });
      }
      return taken !== null;
    }).finally(() => {
      acquiring = null;
    });
    return acquiring;
  }

  return {
    leads,
    get held() {
      return lock?.held === true;
    },
    async release() {
      await acquiring?.catch(() => undefined);
      await lock?.release();
      lock = null;
    },
  };
}

export type MarketLeader = ReturnType<typeof createMarketLeader>;
