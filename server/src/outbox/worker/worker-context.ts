import type { PublicClient } from "viem";
import type { TransactionSigner } from "../../chain/signer.ts";
import type { OutboxConfig } from "../../config/agent-config.ts";
import type { Database } from "../../db/database.ts";
import type { Logger } from "../../logger.ts";
import type { Outbox } from "../outbox.ts";

/**
 * The points between durable steps where a crash can happen. Tests inject a crash at each one to show that a new
 * worker neither sends a write twice nor loses it.
 */
export type OutboxStep = "nonce-assigned" | "signed" | "broadcast" | "marked-sent" | "bump-signed";

/** Thrown by a fault hook: the worker stops dead, as if its process had been killed at that step. */
export class OutboxWorkerCrash extends Error {
  constructor(readonly step: OutboxStep) {
    super(`outbox worker crashed (injected) at ${step}`);
  }
}

/** What every step of the outbox worker reads: the outbox, its sender and chain, and the worker's settings. */
export interface WorkerContext {
  readonly outbox: Outbox;
  readonly db: Database;
  readonly client: PublicClient;
  readonly signer: TransactionSigner;
  readonly config: OutboxConfig;
  readonly log: Logger;
  readonly chainId: number;
  readonly sender: Outbox["sender"];
  /** The fee ceiling (config.maxFeeGwei) in wei per gas. */
  readonly maxFeePerGas: bigint;
  /** Calls the test fault hook after a durable step. */
  step(name: OutboxStep, entryId: number): void;
}
