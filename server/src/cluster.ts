import cluster, { type Worker } from "node:cluster";
import path from "node:path";
import type { Config } from "./config/config.ts";
import type { Logger } from "./logger.ts";

export interface ServerCluster {
  /** Resolves once every worker is listening (rejects when one dies before it could). */
  ready: Promise<void>;
  /** Stops every worker (SIGTERM: each closes its server, indexer, outbox and database) and waits for them. */
  stop(): Promise<void>;
}

/**
 * FOLIO_WORKERS > 1: forks that many server processes (server/src/main.ts), which share the listening port (the
 * primary hands connections out round-robin). The server is stateless apart from PostgreSQL, so the workers are
 * replicas on one machine; the indexer and the outbox worker lead from one of them through advisory locks, as they
 * would across machines. A worker that dies after it was serving is replaced; one that dies before it listened
 * (a wrong setting, an unreachable database) stops the cluster, since its replacement would fail the same way.
 * `env` is added to the workers' environment (settings the caller worked out, e.g. the local chain's URL).
 */
export function startCluster(config: Config, logger: Logger, env: Record<string, string> = {}): ServerCluster {
  let stopping = false;
  const listening = new Set<number>();
  let settle: { resolve: () => void; reject: (error: Error) => void };
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  cluster.setupPrimary({ exec: path.join(import.meta.dirname, "main.ts") });
  const fork = () => cluster.fork(env);

  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    if (listening.size === config.workers) settle.resolve();
  });
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) return;
    if (!listening.has(worker.id)) {
      logger.error({ msg: "server worker failed to start, stopping", pid: worker.process.pid, code, signal });
      settle.reject(new Error(`A server worker exited with code ${code ?? signal} before it listened`));
      void stop();
      return;
    }
    listening.delete(worker.id);
    logger.error({ msg: "server worker exited, starting another", pid: worker.process.pid, code, signal });
    fork();
  });
  for (let i = 0; i < config.workers; i++) fork();
  logger.info({ msg: "server workers starting", workers: config.workers });

  async function stop() {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(workers.map((worker) => new Promise<void>((resolve) => {
      worker.once("exit", () => resolve());
      // A worker stuck in shutdown must not keep the port forever.
      const timer = setTimeout(() => worker.process.kill("SIGKILL"), 15_000);
      timer.unref();
      worker.process.kill("SIGTERM");
    })));
  }
  return { ready, stop };
}

export const runsCluster = (config: Config) => config.workers > 1 && cluster.isPrimary;
