import { decodeFunctionData, getAddress, TransactionNotFoundError, TransactionReceiptNotFoundError, type Address, type Hex } from "viem";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { auditRecordFromRow, recordAudit, type AuditRecord, type AuditRow } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { createTokenIndex } from "./token-index.ts";
import { agentActionArguments, type AgentActionArgument } from "./agent-action-arguments.ts";

/** The longest reason an agent may give, in characters (the web console's form says the same). */
export const AGENT_ACTION_REASON_MAX = 500;

/** Audit actions of agent actions are `agentAction.<function>`, with the token as target. */
const ACTION_PREFIX = "agentAction.";

/**
 * The token functions an agent performs on someone else's holding, or on the whole token, that need a reason on
 * record: freezes, forced transfers, recoveries, burns and pauses. Mints, transfers and rule changes are not.
 */
export const AGENT_ACTION_FUNCTIONS: ReadonlySet<string> = new Set([
  "setAddressFrozen", "batchSetAddressFrozen",
  "freezePartialTokens", "batchFreezePartialTokens", "unfreezePartialTokens", "batchUnfreezePartialTokens", "setFrozenTokens",
  "forcedTransfer", "batchForcedTransfer", "forcedTransferInvestor",
  "recoveryAddress",
  "burn", "batchBurn", "burnInvestor",
  "pause", "unpause",
]);

// A lock key of its own ("FOLIOAGA"), held while one transaction hash is looked up and recorded, so two requests for
// the same hash record it once. Transaction-scoped: released at commit or rollback.
const RECORD_LOCK_KEY = 0x464f_4c49_4f41_4741n;

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

/** One recorded agent action: what the transaction did, and the reason its sender gave. */
export interface AgentAction {
  id: string;
  token: Address;
  actor: Address;
  functionName: string;
  arguments: AgentActionArgument[];
  txHash: Hex;
  block: number;
  reason: string;
  recordedAt: string;
}

/**
 * Reasons for agent actions, kept in the audit log: the server reads the transaction from the chain (never the
 * caller's word for what it did), checks that it succeeded and that the caller sent it to that Folio token, names
 * the action from its calldata and appends one audit entry per transaction.
 */
export function createAgentActions(deps: { chain: Chain; db: Database }) {
  const { chain, db } = deps;
  const index = createTokenIndex(db);

  /** The checks that need neither the chain nor the caller: a reason of the right length, a transaction hash. */
  function checkInput(args: { txHash: string; reason: string }): { txHash: Hex; reason: string } {
    const reason = args.reason.trim();
    if (reason === "") throw new FolioError("AGENT_ACTION_REASON_REQUIRED", "Give the reason for this action");
    if ([...reason].length > AGENT_ACTION_REASON_MAX) {
      throw new FolioError("AGENT_ACTION_REASON_TOO_LONG", `The reason is longer than ${AGENT_ACTION_REASON_MAX} characters`);
    }
    if (!TX_HASH.test(args.txHash)) throw new FolioError("BAD_USER_INPUT", "txHash must be 0x followed by 64 hex digits");
    return { txHash: args.txHash.toLowerCase() as Hex, reason };
  }

  async function requireFolioToken(token: Address): Promise<void> {
    if (!(await index.isFolioToken(token))) {
      throw new FolioError("AGENT_ACTION_NOT_FOLIO_TOKEN", `${token} is not a token issued by Folio`);
    }
  }

  /** The transaction as the chain has it: mined, successful, sent by `actor` to `token`, one agent function. */
  async function readAction(args: { token: Address; actor: Address; txHash: Hex }) {
    // Only "not found" means unknown (or not mined yet); any other failure (the chain not answering) is not the
    // caller's fault and stays an internal error.
    const [tx, receipt] = await Promise.all([
      chain.client.getTransaction({ hash: args.txHash }).catch(nullWhenNotFound),
      chain.client.getTransactionReceipt({ hash: args.txHash }).catch(nullWhenNotFound),
    ]);
    if (!tx || !receipt) {
      throw new FolioError("AGENT_ACTION_TX_UNKNOWN", "The chain has no mined transaction with this hash", {
        hint: "Record the reason once the transaction is confirmed",
      });
    }
    if (receipt.status !== "success") throw new FolioError("AGENT_ACTION_TX_FAILED", "This transaction failed: it changed nothing to record");
    if (getAddress(tx.from) !== args.actor) {
      throw new FolioError("AGENT_ACTION_NOT_YOUR_TRANSACTION", "This transaction was not sent by your wallet");
    }
    if (!tx.to || getAddress(tx.to) !== args.token) {
      throw new FolioError("AGENT_ACTION_OTHER_CONTRACT", `This transaction was not sent to the token ${args.token}`);
    }
    let call: { functionName: string; args?: readonly unknown[] };
    try {
      call = decodeFunctionData({ abi: securityTokenAbi, data: tx.input });
    } catch {
      throw new FolioError("AGENT_ACTION_NOT_AGENT_ACTION", "This transaction does not call a function of the token");
    }
    if (!AGENT_ACTION_FUNCTIONS.has(call.functionName)) {
      throw new FolioError("AGENT_ACTION_NOT_AGENT_ACTION", `${call.functionName} is not an agent action that takes a reason`, {
        hint: `Agent actions: ${[...AGENT_ACTION_FUNCTIONS].join(", ")}`,
      });
    }
    const inputs = securityTokenAbi.find((item) => item.type === "function" && item.name === call.functionName && "inputs" in item && item.inputs.length === (call.args?.length ?? 0));
    const names = inputs && "inputs" in inputs ? inputs.inputs.map((input) => input.name ?? "") : [];
    return { functionName: call.functionName, arguments: agentActionArguments(names, call.args ?? []), block: Number(receipt.blockNumber) };
  }

  async function findRecorded(db_: Pick<Database, "query">, txHash: Hex): Promise<AuditRecord | null> {
    const { rows } = await db_.query<AuditRow>(
      `select * from audit_log where action like '${ACTION_PREFIX}%' and details->>'txHash' = $1 order by id limit 1`,
      [txHash],
    );
    return rows[0] ? auditRecordFromRow(rows[0]) : null;
  }

  return {
    checkInput,
    requireFolioToken,

    /**
     * Records `reason` for the agent action in transaction `txHash`, which `actor` sent to `token`. Recording the same
     * transaction again returns the first record unchanged.
     */
    async record(args: { token: Address; actor: Address; txHash: string; reason: string }): Promise<AgentAction> {
      const { txHash, reason } = checkInput(args);
      await requireFolioToken(args.token);
      const action = await readAction({ token: args.token, actor: args.actor, txHash });
      const record = await db.transaction(async (tx) => {
        await tx.query("select pg_advisory_xact_lock($1)", [RECORD_LOCK_KEY.toString()]);
        const recorded = await findRecorded(tx, txHash);
        if (recorded) return recorded;
        return recordAudit(tx, {
          actor: args.actor,
          action: `${ACTION_PREFIX}${action.functionName}`,
          target: args.token,
          outcome: "success",
          details: {
            txHash,
            block: action.block,
            reason,
            arguments: JSON.stringify(action.arguments),
          },
        });
      });
      return toAgentAction(record);
    },

    /** The token's recorded agent actions, newest first. */
    async list(token: Address, limit: number): Promise<AgentAction[]> {
      const { rows } = await db.query<AuditRow>(
        `select * from audit_log where action like '${ACTION_PREFIX}%' and target = $1 order by id desc limit $2`,
        [token, limit],
      );
      return rows.map((row) => toAgentAction(auditRecordFromRow(row)));
    },
  };
}

export type AgentActions = ReturnType<typeof createAgentActions>;

function nullWhenNotFound(error: unknown): null {
  if (error instanceof TransactionNotFoundError || error instanceof TransactionReceiptNotFoundError) return null;
  throw error;
}

function toAgentAction(record: AuditRecord): AgentAction {
  const details = record.details as Record<string, unknown>;
  return {
    id: record.id,
    token: getAddress(record.target!),
    actor: getAddress(record.actor!),
    functionName: record.action.slice(ACTION_PREFIX.length),
    arguments: JSON.parse(String(details.arguments)) as AgentActionArgument[],
    txHash: String(details.txHash) as Hex,
    block: Number(details.block),
    reason: String(details.reason),
    recordedAt: record.createdAt,
  };
}
