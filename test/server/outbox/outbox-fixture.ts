import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  toHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { DEV_MNEMONIC, startLocalChain, type LocalChain } from "../../../scripts/lib/local-chain.ts";
import { createKeySigner } from "../../../server/src/chain/signer.ts";
import { loadConfig, type Config } from "../../../server/src/config/config.ts";
import type { Database } from "../../../server/src/db/database.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { createOutbox, type Outbox } from "../../../server/src/outbox/outbox.ts";
import { createOutboxWorker, OutboxWorkerCrash, type OutboxStep, type OutboxWorkerOptions } from "../../../server/src/outbox/outbox-worker.ts";
import type { OutboxEntry } from "../../../server/src/outbox/outbox-entry.ts";
import type { DatabaseKind } from "../../support/databases.ts";

/** The test-only contract contracts/mocks/OutboxTarget.sol (mocks are not exported to deployments/abi). */
export const outboxTargetAbi = readArtifact("OutboxTarget").abi as Abi;

export interface OutboxFixture {
  chain: LocalChain;
  client: PublicClient;
  db: Database;
  config: Config;
  outbox: Outbox;
  agent: Address;
  target: Address;
  /** A worker over the fixture's outbox; `faults` injects crashes. */
  worker(options?: Pick<OutboxWorkerOptions, "faults"> & { config?: Partial<Config["outbox"]> }): ReturnType<typeof createOutboxWorker>;
  /** A worker that dies (OutboxWorkerCrash) right after `step`, for entry `entryId` only when given. */
  crashingWorker(step: OutboxStep, entryId?: number): ReturnType<typeof createOutboxWorker>;
  /** Runs `run` with automine off (sent transactions wait in the pool for `evm_mine`), then turns it back on. */
  withoutAutomine<T>(run: () => Promise<T>): Promise<T>;
  /** Enqueues `OutboxTarget.increment(keccak(key))`, so the calldata tells which entry a transaction carries. */
  enqueueIncrement(key: string): Promise<OutboxEntry>;
  /** Every transaction the agent has sent, from the chain (not from the outbox's own records). */
  agentTransactions(): Promise<{ hash: Hex; nonce: number; input: Hex; blockNumber: bigint }[]>;
  /** Runs passes of `worker` until every entry in `ids` is settled. */
  drain(worker: { tick(): Promise<void> }, ids: number[], timeoutMs?: number): Promise<OutboxEntry[]>;
  /** Drains `ids` with a fresh worker, then closes it (releasing the leader lock). */
  settle(ids: number[]): Promise<OutboxEntry[]>;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  count(): Promise<bigint>;
  close(): Promise<void>;
}

export const incrementData = (key: string): Hex =>
  encodeFunctionData({ abi: outboxTargetAbi, functionName: "increment", args: [keccak256(toHex(key))] });

export async function startOutboxFixture(kind: DatabaseKind, env: Record<string, string> = {}): Promise<OutboxFixture> {
  const chain = await startLocalChain();
  const transport = http(chain.rpcUrl, { batch: false });
  const client = createPublicClient({ transport, pollingInterval: 20 }) as PublicClient;
  // The deployer is dev account #0, as on every local chain; the server's agent key is #9 (the config default).
  const deployer = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC), transport });
  const artifact = readArtifact("OutboxTarget");
  const hash = await deployer.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, chain: null });
  const target = getAddress((await client.waitForTransactionReceipt({ hash })).contractAddress!);

  const db = await kind.open();
  const config = loadConfig({
    NODE_ENV: "test",
    FOLIO_RPC_URL: chain.rpcUrl,
    LOG_LEVEL: "silent",
    FOLIO_OUTBOX_POLL_MS: "20",
    FOLIO_OUTBOX_RETRY_MS: "20",
    FOLIO_OUTBOX_BUMP_AFTER_MS: "60000",
    ...env,
  });
  const chainId = await client.getChainId();
  const signer = createKeySigner(config.agentKey.reveal(), chainId);
  const outbox = createOutbox({ db, chainId, sender: signer.address });
  const logger = createLogger("silent");
  const rpc = (method: string, params: unknown[] = []) => client.request({ method: method as never, params: params as never });

  const fixture: OutboxFixture = {
    chain,
    client,
    db,
    config,
    outbox,
    agent: signer.address,
    target,
    worker: (options = {}) =>
      createOutboxWorker({ outbox, db, client, signer, logger, config: { ...config.outbox, ...options.config }, faults: options.faults }),
    crashingWorker: (step, entryId) =>
      fixture.worker({
        faults: (at, id) => {
          if (at === step && (entryId === undefined || id === entryId)) throw new OutboxWorkerCrash(at);
        },
      }),
    async withoutAutomine(run) {
      await rpc("evm_setAutomine", [false]);
      try {
        return await run();
      } finally {
        await rpc("evm_setAutomine", [true]);
      }
    },
    enqueueIncrement: (key) => outbox.enqueue({ idempotencyKey: key, to: target, abi: outboxTargetAbi, functionName: "increment", args: [keccak256(toHex(key))], purpose: "test.increment" }),
    async agentTransactions() {
      const head = await client.getBlockNumber();
      const found: { hash: Hex; nonce: number; input: Hex; blockNumber: bigint }[] = [];
      for (let n = 0n; n <= head; n++) {
        const block = await client.getBlock({ blockNumber: n, includeTransactions: true });
        for (const tx of block.transactions) {
          if (tx.from.toLowerCase() === signer.address.toLowerCase()) found.push({ hash: tx.hash, nonce: tx.nonce, input: tx.input, blockNumber: n });
        }
      }
      return found;
    },
    async drain(worker, ids, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await worker.tick();
        const entries = await Promise.all(ids.map((id) => outbox.getOutboxEntry(id)));
        if (entries.every((e) => e && (e.status === "confirmed" || e.status === "failed"))) return entries as OutboxEntry[];
        if (Date.now() > deadline) throw new Error(`entries not settled: ${entries.map((e) => `${e?.id}:${e?.status}:${e?.lastError}`).join(", ")}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async settle(ids) {
      const worker = fixture.worker();
      try {
        return await fixture.drain(worker, ids);
      } finally {
        await worker.close();
      }
    },
    rpc,
    count: () => client.readContract({ address: target, abi: outboxTargetAbi, functionName: "count" }) as Promise<bigint>,
    async close() {
      await db.close();
      await chain.stop();
    },
  };
  return fixture;
}

/** Nonces 0..n-1, each exactly once: no gap and no nonce used twice. */
export function expectContiguous(nonces: number[]): boolean {
  const sorted = [...nonces].sort((a, b) => a - b);
  return sorted.every((n, i) => n === i);
}
