// `npm start`: the whole platform on one machine. A local chain (anvil) on 127.0.0.1 whose state is kept under
// data/chain, the contracts deployed when the chain is fresh, and the server with the web UI on an embedded database.
// Dev account #0 deploys, issues the demo token and is platform admin and compliance officer (unless
// FOLIO_ADMIN_ADDRESSES names other admins); the banner says which dev account is what.
import path from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { loadConfig } from "../server/src/config/config.ts";
import { FolioError } from "../server/src/errors.ts";
import { createLogger } from "../server/src/logger.ts";
import { startServer } from "../server/src/server.ts";
import { ensureLocalDeployment } from "./lib/ensure-deployed.ts";
import { printBanner } from "./lib/banner.ts";
import { startLocalChain } from "./lib/local-chain.ts";
import { devAddress, grantLocalComplianceOfficers, LOCAL_ADMIN_INDEX, localServerEnv } from "./lib/local-roles.mts";

const dataDir = path.resolve(process.env.FOLIO_DATA_DIR ?? path.join(import.meta.dirname, "../data"));
const chainPort = Number(process.env.FOLIO_CHAIN_PORT ?? 8545);

async function main() {
  const chain = await startLocalChain({ port: chainPort, stateFile: path.join(dataDir, "chain/state.json") });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await server?.close().catch(() => {});
    await chain.stop();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());

  try {
    const config = loadConfig(localServerEnv({ ...process.env, FOLIO_RPC_URL: chain.rpcUrl, FOLIO_DATA_DIR: dataDir }));
    // The server writes KYC decisions to the registry with its agent key.
    const kycAgent = privateKeyToAccount(config.agentKey.reveal()).address;
    const { deployment, fresh } = await ensureLocalDeployment({
      rpcUrl: chain.rpcUrl,
      deploymentsDir: process.env.FOLIO_DEPLOYMENTS_DIR,
      kycAgent,
      log: (line) => console.log(`  deployed ${line}`),
    });
    // The default admin reviews KYC applications too (once; a later revocation stays revoked).
    const localAdmin = devAddress(LOCAL_ADMIN_INDEX);
    const officers = await grantLocalComplianceOfficers(config, config.adminAddresses.includes(localAdmin) ? [localAdmin] : []);
    server = await startServer(config, createLogger(config.logLevel, { write: (line: string) => void (saidInBanner(line) || process.stdout.write(line)) }));
    printBanner({
      webUrl: server.url,
      rpcUrl: chain.rpcUrl,
      chainId: deployment.chainId,
      freshChain: fresh,
      dataDir,
      admins: config.adminAddresses,
      complianceOfficers: officers,
      kycAgent,
      devDefaults: { agentKey: config.agentKeyIsDevDefault, masterKey: config.kyc.masterKey === null },
    });
  } catch (error) {
    console.error(error instanceof FolioError ? `folio: ${error.message}` : error);
    await stop(1);
  }
}

/**
 * The server's notes that it runs on the development agent and master keys: the banner says so once, with what to
 * set instead, so they are left out of the log here (a server started any other way still logs them).
 */
function saidInBanner(line: string): boolean {
  return /"msg":"FOLIO_(AGENT|MASTER)_KEY is unset/.test(line);
}

void main();
