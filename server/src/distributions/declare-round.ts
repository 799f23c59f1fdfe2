import { randomUUID } from "node:crypto";
import { getAddress, type Address, type Hex } from "viem";
import { canonicalParamsJson, hashDistributionParams, type DistributionParams } from "../../../lib/distributions/distribution-params.ts";
import {
  buildEntitlementTree,
  computeEntitlements,
  entitlementClaims,
  type EntitlementResult,
  type WithholdingRules,
} from "../../../lib/distributions/entitlements.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { asFolioError, checkAmount, checkCashToken, checkDeadline, checkExclusions, checkWithholding } from "./declaration-rules.ts";
import type { EntitlementRecord, NewDistribution } from "./distribution-store.ts";
import type { DistributionView } from "./distribution-views.ts";
import { fundingTransactions, type UnsignedTransaction } from "./funding-transactions.ts";
import { checkRecordBlock, resolveRecordTime } from "./record-block.ts";
import { readRecordHoldings } from "./record-holdings.ts";
import type { RoundReads } from "./round-reads.ts";
import { treasuryOf } from "./treasury.ts";

export interface DeclareInput {
  token: Address;
  recordBlock?: number | null;
  /** Unix seconds: the record block is the last block at or before it. */
  recordTime?: bigint | null;
  cashToken: Address;
  /** Gross amount in cash-token units; the issuer funds it less the withheld tax. */
  amount: bigint;
  /** Unix seconds: the last moment claims are accepted. */
  deadline: bigint;
  withholding?: WithholdingRules | null;
  excludedWallets?: readonly Address[] | null;
}

export interface Declaration {
  distribution: DistributionView;
  fundingTransactions: UnsignedTransaction[];
  cashBalance: bigint;
}

/** The record block named by the input: a block number as given, or the last block at or before a time. */
async function recordBlockOf(deps: { chain: Chain; reads: RoundReads }, input: DeclareInput): Promise<number> {
  const hasBlock = input.recordBlock != null;
  if (hasBlock === (input.recordTime != null)) throw new FolioError("BAD_USER_INPUT", "Give exactly one of recordBlock or recordTime");
  const lastIndexed = await deps.reads.lastIndexedBlock();
  const firstBlock = deps.chain.deployment.deploymentBlock;
  if (!hasBlock) return resolveRecordTime(deps.chain.client, input.recordTime!, { firstBlock, lastIndexed });
  checkRecordBlock(input.recordBlock!, lastIndexed, firstBlock);
  return input.recordBlock!;
}

/** The round's entitlements, Merkle root and proofs from the indexed holdings at the record block. */
async function computeRound(db: Queryable, params: DistributionParams, token: Address) {
  const { holdings, investors } = await readRecordHoldings(db, token, params.recordBlock);
  try {
    const result: EntitlementResult = computeEntitlements({ ...params, holdings, investors });
    const tree = buildEntitlementTree(result.entitlements);
    const proofs = new Map(entitlementClaims(tree).map((c) => [c.index, c.proof]));
    return { result, root: tree.root as Hex, proofs };
  } catch (error) {
    asFolioError(error);
  }
}

/**
 * Declaring a round: computes it from the indexed balances at the record block (lib/distributions/entitlements.ts,
 * the same computation scripts/verify-distribution.ts runs on raw chain data), stores it with its tree and proofs,
 * and returns the transactions the declaring wallet signs to fund it.
 */
export function createDeclare(deps: { db: Database; chain: Chain; logger: Logger; publicUrl: string; reads: RoundReads }) {
  const { db, chain, logger, reads } = deps;
  const client = chain.client;

  /** The caller has checked that `actor` is the token's owner or agent. */
  return async function declare(actor: Address, input: DeclareInput): Promise<Declaration> {
    const distributor = reads.distributorAddress();
    checkAmount(input.amount);
    const withholding = checkWithholding(input.withholding ?? { defaultBps: 0, rules: [] });
    const excluded = checkExclusions(input.excludedWallets ?? []);
    checkDeadline(input.deadline, await reads.chainTime());
    await checkCashToken(client, { cashToken: input.cashToken, token: input.token, distributor });
    const recordBlock = await recordBlockOf(deps, input);

    const treasury = await treasuryOf(db, client, input.token, recordBlock);
    const params: DistributionParams = {
      version: 1,
      chainId: chain.chainId,
      token: input.token.toLowerCase(),
      cashToken: input.cashToken.toLowerCase(),
      recordBlock,
      amount: input.amount,
      withholding,
      excludedWallets: [...new Set([...excluded, ...treasury.wallets])],
      excludedInvestors: treasury.investors,
    };
    const { result, root, proofs } = await computeRound(db, params, input.token);

    const id = randomUUID();
    const record: NewDistribution = {
      id,
      chainId: chain.chainId,
      distributor,
      token: getAddress(input.token),
      cashToken: getAddress(input.cashToken),
      recordBlock,
      recordTime: input.recordTime ?? null,
      amount: input.amount,
      fundingTotal: result.fundingTotal,
      grossTotal: result.grossTotal,
      withheldTotal: result.withheldTotal,
      netTotal: result.netTotal,
      eligibleSupply: result.eligibleSupply,
      excludedBalance: result.excludedBalance,
      deadline: input.deadline,
      paramsJson: canonicalParamsJson(params),
      paramsHash: hashDistributionParams(params),
      paramsUri: `${deps.publicUrl}/distributions/${id}/params.json`,
      merkleRoot: root,
      declaredBy: getAddress(actor),
    };
    const entitlements: EntitlementRecord[] = result.entitlements.map((e) => ({
      distributionId: id,
      investorId: e.investorId,
      balance: e.balance,
      bps: e.bps,
      gross: e.gross,
      withheld: e.withheld,
      net: e.net,
      leafIndex: e.index,
      proof: e.index === null ? null : proofs.get(e.index)!,
    }));
    await db.transaction(async (tx) => {
      await reads.store.insert(tx, record, entitlements);
      await recordAudit(tx, {
        actor, action: "distribution.declare", target: id, outcome: "success",
        details: { token: record.token, recordBlock, amount: input.amount.toString(), fundingTotal: result.fundingTotal.toString(), investors: entitlements.length, merkleRoot: root },
      });
    });
    logger.info({ msg: "distribution declared", action: "distribution.declare", distributionId: id, chainId: chain.chainId, token: record.token, recordBlock, investors: entitlements.length });
    const distribution = await reads.requireView(id);
    const funding = await fundingTransactions(client, record, getAddress(actor));
    return { distribution, fundingTransactions: funding.transactions, cashBalance: funding.cashBalance };
  };
}
