import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bytesToHex, createPublicClient, getAddress, http, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { openDatabase, type Database } from "../../../server/src/db/database.ts";
import { migrate } from "../../../server/src/db/migrate.ts";
import { devAccount, signIn } from "../../../test/support/sign-in.ts";
import type { TestPlatform } from "../../../test/support/platform.ts";
import { ensureLocalDeployment } from "../ensure-deployed.ts";
import { freePort, startLocalChain, type LocalChain } from "../local-chain.ts";
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from "../throwaway-postgres.ts";
import { startServerProcess, type ServerProcess } from "./server-process.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

/** The server's agent key: a dev account no workload actor uses (as in the server tests). */
const AGENT_INDEX = 19;
export const ADMIN = 10;
export const OFFICER = 11;

export interface FaultPlatformOptions {
  /** FOLIO_CONFIRMATIONS and FOLIO_OUTBOX_CONFIRMATIONS (default 1). */
  confirmations?: number;
  /** More server settings. */
  env?: Record<string, string>;
}

type Gql = { data?: any; errors?: any[] };

/**
 * Everything a fault scenario runs against, for real: anvil, a throw-away PostgreSQL cluster, and the server as a child
 * process that reaches the chain through a TCP proxy (so the line can be held or cut). The harness itself reads the
 * chain directly and the database through its own pool.
 */
export async function startFaultPlatform(options: FaultPlatformOptions = {}) {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install -y --no-install-recommends postgresql): fault injection needs it");
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const undo of cleanups.reverse()) await Promise.resolve(undo()).catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    const postgres: ThrowawayPostgres = await startThrowawayPostgres(bin);
    cleanups.push(() => postgres.stop());
    const chain: LocalChain = await startLocalChain();
    cleanups.push(() => chain.stop());
    const proxy: TcpProxy = await startTcpProxy({ targetPort: chain.port });
    cleanups.push(() => proxy.stop());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-faults-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const deploymentsDir = path.join(dir, "deployments");
    const agentKey = bytesToHex(devAccount(AGENT_INDEX).getHdKey().privateKey!);
    const agent = privateKeyToAccount(agentKey).address;
    const client = createPublicClient({ transport: http(chain.rpcUrl, { batch: false }), pollingInterval: 50 }) as PublicClient;
    const rpc = (method: string, params: unknown[] = []) => client.request({ method: method as never, params: params as never }) as Promise<any>;
    await rpc("anvil_setBalance", [agent, "0x56bc75e2d63100000"]);
    const { deployment } = await ensureLocalDeployment({ rpcUrl: chain.rpcUrl, deploymentsDir, kycAgent: agent });

    const db: Database = await openDatabase({ url: postgres.url });
    cleanups.push(() => db.close());
    await migrate(db);
    await db.query("insert into user_roles (address, role) values ($1, 'COMPLIANCE_OFFICER')", [devAccount(OFFICER).address]);

    const confirmations = String(options.confirmations ?? 1);
    const port = await freePort();
    const env: Record<string, string> = {
      NODE_ENV: "test", LOG_LEVEL: "info", DATABASE_URL: postgres.url, FOLIO_RPC_URL: proxy.url, FOLIO_DEPLOYMENTS_DIR: deploymentsDir,
      FOLIO_DATA_DIR: dir, FOLIO_AGENT_KEY: agentKey, FOLIO_ADMIN_ADDRESSES: devAccount(ADMIN).address,
      FOLIO_RATE_LIMIT_PER_IP: "0", FOLIO_RATE_LIMIT_PER_ADDRESS: "0", FOLIO_RATE_LIMIT_SIGN_IN_FAILURES: "0",
      FOLIO_CONFIRMATIONS: confirmations, FOLIO_OUTBOX_CONFIRMATIONS: confirmations,
      FOLIO_INDEXER_POLL_MS: "100", FOLIO_OUTBOX_POLL_MS: "100", FOLIO_OUTBOX_RETRY_MS: "200", FOLIO_KYC_JOB_INTERVAL_MS: "1000",
      ...options.env,
    };
    let server: ServerProcess = await startServerProcess(env, port);
    cleanups.push(() => server.kill());
    const sessions = new Map<number, Record<string, string>>();

    async function post(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Gql> {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }),
      });
      return response.json() as Promise<Gql>;
    }
    // signIn (test/support) needs only these two members of a test platform.
    const asPlatform = { gql: post, config: { publicUrl: `http://127.0.0.1:${port}` } } as unknown as TestPlatform;

    const p = {
      chain,
      proxy,
      postgres,
      db,
      client,
      rpc,
      agent: getAddress(agent) as Address,
      deployment,
      deploymentsDir,
      confirmations: Number(confirmations),
      get server() {
        return server;
      },
      /** One GraphQL operation over HTTP as dev account `index` (signed in once), or anonymously. */
      async gql(index: number | null, query: string, variables?: Record<string, unknown>): Promise<Gql> {
        if (index !== null && !sessions.has(index)) sessions.set(index, (await signIn(asPlatform, index)).headers);
        return post(query, variables, index === null ? {} : sessions.get(index)!);
      },
      /** Like gql, throwing on any error. */
      async gqlOk(index: number | null, query: string, variables?: Record<string, unknown>): Promise<any> {
        const result = await p.gql(index, query, variables);
        if (result.errors) throw new Error(`GraphQL failed: ${JSON.stringify(result.errors)}`);
        return result.data;
      },
      /** SIGKILL the server. */
      kill: () => server.kill(),
      /** Starts the server again on the same port, database and chain (sessions survive: they live in the database). */
      async restart() {
        server = await startServerProcess(env, port);
      },
      /** The number a `select count(*) …` returns. */
      async count(sql: string, params: unknown[] = []): Promise<number> {
        const { rows } = await db.query<Record<string, string>>(sql, params);
        return Number(Object.values(rows[0]!)[0]);
      },
      close: cleanup,
    };
    return p;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export type FaultPlatform = Awaited<ReturnType<typeof startFaultPlatform>>;
