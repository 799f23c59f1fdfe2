// Entry point: `tsx server/src/main.ts`. A wrong setting stops start-up with one line naming it.
import { loadConfig } from "./config/config.ts";
import { FolioError } from "./errors.ts";
import { startServer } from "./server.ts";

try {
  const config = loadConfig();
  const server = await startServer(config);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  if (error instanceof FolioError) {
    process.stderr.write(`folio: ${error.message}${error.hint ? ` (${error.hint})` : ""}\n`);
    process.exit(1);
  }
  throw error;
}
