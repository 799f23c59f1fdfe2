// Entry point: `tsx server/src/main.ts`. A wrong setting stops start-up with one line naming it. FOLIO_WORKERS > 1 runs
// that many server processes on one port (server/src/cluster.ts).
import { runsCluster, startCluster } from "./cluster.ts";
import { loadConfig, type Config } from "./config/config.ts";
import { FolioError } from "./errors.ts";
import { installHeapProbe } from "./heap-probe.ts";
import { createLogger } from "./logger.ts";
import { startServer } from "./server.ts";

try {
  const config = loadConfig();
  if (runsCluster(config)) {
    const logger = createLogger(config.logLevel);
    const workers = startCluster(config, logger);
    const stop = (code: number) => () => void workers.stop().then(() => process.exit(code));
    process.once("SIGINT", stop(0));
    process.once("SIGTERM", stop(0));
    try {
      await workers.ready;
      logger.info({ msg: "server listening", url: `http://${config.host}:${config.port}`, workers: config.workers });
    } catch {
      stop(1)();
    }
  } else {
    await serve(config);
  }
} catch (error) {
  if (error instanceof FolioError) {
    process.stderr.write(`folio: ${error.message}${error.hint ? ` (${error.hint})` : ""}\n`);
    process.exit(1);
  }
  throw error;
}

/** One server process: the only one, or a worker of the cluster (FOLIO_WORKERS). */
async function serve(config: Config) {
  const server = await startServer(config);
  installHeapProbe(server.logger);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
