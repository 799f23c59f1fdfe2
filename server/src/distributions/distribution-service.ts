import { randomUUID } from "node:crypto";
import { encodeFunctionData, erc20Abi, getAddress, parseAbi, zeroHash, type Address, type Hex } from "viem";
import { distributorAbi } from "../../../deployments/abi/index.ts";
import { canonicalParamsJson, hashDistributionParams, type DistributionParams } from "../../../scripts/lib/distribution-params.ts";
import {
  buildEntitlementTree,
  computeEntitlements,
  EntitlementError,
  entitlementClaims,
  validateWithholding,
  type EntitlementResult,
  type WithholdingRules,
} from "../../../scripts/lib/entitlements.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { identityRegistryViewsAbi } from "../investors/registry-abi.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { createDistributionStore, type EntitlementRecord } from "./distribution-store.ts";
import { buildViews, onChainRemaining, type DistributionView } from "./distribution-views.ts";
import { fundingTransactions, type UnsignedTransaction } from "./funding-transactions.ts";
import { checkRecordBlock, resolveRecordTime } from "./record-block.ts";
import { investorsOfWallets, readRecordHoldings } from "./record-holdings.ts";
import { readClaims, readSkips, type ClaimEvent } from "./round-events.ts";
import { createPushes } from "./distribution-push.ts";
import { entitlementsCsv } from "./report-csv.ts";

/** Claims stay open at least this long after declaration, so the issuer has time to fund the round. */
export const MIN_CLAIM_WINDOW_SECONDS = 3600n;
const MAX_UINT128 = 2n ** 128n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_RULES = 50;
const MAX_EXCLUDED_WALLETS = 1000;
/** Round ids are UUIDs (randomUUID): anything else is no round, without a query. */
const DISTRIBUTION_ID = /^[0-9a-f-]{36}$/;

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

export interface MyClaim {
  distribution: DistributionView;
  entitlement: EntitlementRecord;
  claimed: { txHash: Hex; wallet: Address; blockNumber: number } | null;
  /** Ready to send from any verified wallet of the investor while the round is funded, open and unclaimed. */
  claimTransaction: UnsignedTransaction | null;
}

const ownableAbi = parseAbi(["function owner() view returns (address)"]);

/** Maps the shared computation's errors (already DISTRIBUTION_* codes) to API errors. */
function asFolioError(error: unknown): never {
  if (error instanceof EntitlementError) throw new FolioError(error.code, error.message, { cause: error });
  throw error;
}

/**
 * Income distributions: declares rounds from the indexed balance history (scripts/lib/entitlements.ts, the same
 * computation scripts/verify-distribution.ts runs on raw chain data), hands the issuer the funding transactions to
 * sign, and reports funding, claims and reclaims from the Distributor's indexed events.
 */
export function createDistributionService(deps: { db: Database; chain: Chain; outbox: Outbox; logger: Logger; publicUrl: string }) {
  const { db, chain, logger } = deps;
  const store = createDistributionStore(db);
  const client = chain.client;
  const distributorAddress = () => {
    const address = chain.deployment.contracts.Distributor?.address;
    if (!address) throw new FolioError("DISTRIBUTION_UNAVAILABLE", `No Distributor is deployed on chain ${chain.chainId}`);
    return getAddress(address);
  };
  const registryAddress = () => {
    const address = chain.deployment.contracts.IdentityRegistry?.address;
    if (!address) throw new FolioError("DISTRIBUTION_UNAVAILABLE", `No IdentityRegistry is deployed on chain ${chain.chainId}`);
    return getAddress(address);
  };
  const chainTime = async () => (await client.getBlock({ blockTag: "latest" })).timestamp;
  async function lastIndexedBlock(): Promise<number> {
    const { rows } = await db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor where chain_id = $1`, [chain.chainId]);
    return rows[0] ? Number(rows[0].last_block) : -1;
  }

  async function requireView(id: string): Promise<DistributionView> {
    const record = DISTRIBUTION_ID.test(id) ? await store.find(id) : null;
    if (!record) throw new FolioError("NOT_FOUND", `No distribution ${id}`);
    return (await buildViews(db, [record], await chainTime()))[0]!;
  }

  function checkWithholding(rules: WithholdingRules): WithholdingRules {
    if (rules.rules.length > MAX_RULES) throw new FolioError("DISTRIBUTION_INVALID_WITHHOLDING", `At most ${MAX_RULES} withholding rules`);
    try {
      validateWithholding(rules);
    } catch (error) {
      asFolioError(error);
    }
    return rules;
  }

  async function checkCashToken(cashToken: Address, token: Address): Promise<void> {
    if (cashToken.toLowerCase() === token.toLowerCase()) {
      throw new FolioError("DISTRIBUTION_INVALID_CASH_TOKEN", "The cash token cannot be the security token itself");
    }
    const code = await client.getCode({ address: cashToken });
    if (!code || code === "0x") throw new FolioError("DISTRIBUTION_INVALID_CASH_TOKEN", `The cash token ${cashToken} is not a contract`);
    try {
      await client.readContract({ address: cashToken, abi: erc20Abi, functionName: "balanceOf", args: [distributorAddress()] });
    } catch (cause) {
      throw new FolioError("DISTRIBUTION_INVALID_CASH_TOKEN", `The cash token ${cashToken} does not answer ERC-20 balanceOf`, { cause });
    }
  }

  /** The issuer's treasury: the token owner's wallet and, when it is an investor's wallet, that investor. */
  async function treasuryOf(token: Address, recordBlock: number): Promise<{ wallets: string[]; investors: string[] }> {
    let owner: Address;
    try {
      owner = await client.readContract({ address: token, abi: ownableAbi, functionName: "owner" });
    } catch {
      return { wallets: [], investors: [] };
    }
    const investor = (await investorsOfWallets(db, [owner], recordBlock)).get(owner.toLowerCase());
    return { wallets: [owner.toLowerCase()], investors: investor ? [investor] : [] };
  }

  return {
    /**
     * Computes a round from the indexed balances at the record block and stores it with its tree and proofs; returns
     * the transactions `actor` signs to fund it. The caller has checked that `actor` is the token's owner or agent.
     */
    async declare(actor: Address, input: DeclareInput): Promise<{ distribution: DistributionView; fundingTransactions: UnsignedTransaction[]; cashBalance: bigint }> {
      const distributor = distributorAddress();
      if (input.amount <= 0n || input.amount > MAX_UINT128) {
        throw new FolioError("DISTRIBUTION_INVALID_AMOUNT", "amount must be positive and fit in 128 bits (cash-token units)");
      }
      const withholding = checkWithholding(input.withholding ?? { defaultBps: 0, rules: [] });
      const excluded = [...new Set((input.excludedWallets ?? []).map((w) => w.toLowerCase()))];
      if (excluded.length > MAX_EXCLUDED_WALLETS) throw new FolioError("DISTRIBUTION_INVALID_EXCLUSIONS", `At most ${MAX_EXCLUDED_WALLETS} excluded wallets`);
      const now = await chainTime();
      if (input.deadline > MAX_UINT64 || input.deadline < now + MIN_CLAIM_WINDOW_SECONDS) {
        throw new FolioError("DISTRIBUTION_INVALID_DEADLINE", `deadline must be at least ${MIN_CLAIM_WINDOW_SECONDS} seconds after the chain's current time (${now}), in Unix seconds`);
      }
      await checkCashToken(input.cashToken, input.token);

      const hasBlock = input.recordBlock != null;
      const hasTime = input.recordTime != null;
      if (hasBlock === hasTime) throw new FolioError("BAD_USER_INPUT", "Give exactly one of recordBlock or recordTime");
      const lastIndexed = await lastIndexedBlock();
      const firstBlock = chain.deployment.deploymentBlock;
      let recordBlock: number;
      if (hasBlock) {
        recordBlock = input.recordBlock!;
        checkRecordBlock(recordBlock, lastIndexed, firstBlock);
      } else {
        recordBlock = await resolveRecordTime(client, input.recordTime!, { firstBlock, lastIndexed });
      }

      const treasury = await treasuryOf(input.token, recordBlock);
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
      const { holdings, investors } = await readRecordHoldings(db, input.token, recordBlock);
      let result: EntitlementResult;
      let claims: ReturnType<typeof entitlementClaims>;
      let root: Hex;
      try {
        result = computeEntitlements({ ...params, holdings, investors });
        const tree = buildEntitlementTree(result.entitlements);
        root = tree.root as Hex;
        claims = entitlementClaims(tree);
      } catch (error) {
        asFolioError(error);
      }
      const proofs = new Map(claims.map((c) => [c.index, c.proof]));

      const id = randomUUID();
      const record = {
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
        await store.insert(tx, record, entitlements);
        await recordAudit(tx, {
          actor, action: "distribution.declare", target: id, outcome: "success",
          details: { token: record.token, recordBlock, amount: input.amount.toString(), fundingTotal: result.fundingTotal.toString(), investors: entitlements.length, merkleRoot: root },
        });
      });
      logger.info({ msg: "distribution declared", action: "distribution.declare", distributionId: id, chainId: chain.chainId, token: record.token, recordBlock, investors: entitlements.length });
      const distribution = await requireView(id);
      const funding = await fundingTransactions(client, { ...record, recordBlock }, getAddress(actor));
      return { distribution, fundingTransactions: funding.transactions, cashBalance: funding.cashBalance };
    },

    /** The round, or NOT_FOUND. */
    get: requireView,

    async list(token: Address, beforeSeq: number | null, limit: number): Promise<DistributionView[]> {
      return buildViews(db, await store.listByToken(token, beforeSeq, limit), await chainTime());
    },

    /**
     * The transactions `funder` signs to fund a declared round (empty once it is funded). Only the declaring wallet
     * funds it: the round is linked to no other wallet's funding (readFundings).
     */
    async fundingTransactions(view: DistributionView, funder: Address): Promise<UnsignedTransaction[]> {
      if (view.status !== "DECLARED") return [];
      if (funder.toLowerCase() !== view.declaredBy.toLowerCase()) {
        throw new FolioError("DISTRIBUTION_NOT_FUNDER", `Only the wallet that declared the round (${view.declaredBy}) can fund it`, {
          hint: "A funding by another wallet is not linked to this round; declare a round of your own to fund one",
        });
      }
      return (await fundingTransactions(client, view, funder)).transactions;
    },

    /** reclaim(roundId) once the deadline has passed and something is left; null otherwise. */
    async reclaimTransaction(view: DistributionView): Promise<UnsignedTransaction | null> {
      if (!view.funding || view.claimOpen) return null;
      if ((await onChainRemaining(client, view.distributor, view.funding.roundId)) === 0n) return null;
      return {
        to: view.distributor,
        data: encodeFunctionData({ abi: distributorAbi, functionName: "reclaim", args: [view.funding.roundId] }),
        value: 0n,
        description: "Take back what is left of the round after its deadline",
      };
    },

    /** A page of the round's entitlements with their claims (issuers and auditors only: the caller checks). */
    async entitlements(view: DistributionView, afterInvestor: string | null, limit: number | null) {
      const rows = await store.entitlements(view.id, afterInvestor ?? "", limit);
      const claims = view.funding ? await readClaims(db, view.distributor, [view.funding.roundId]) : new Map();
      return rows.map((entitlement) => ({
        entitlement,
        claimed: entitlement.leafIndex === null || !view.funding ? null : claims.get(`${view.funding.roundId}:${entitlement.leafIndex}`) ?? null,
      }));
    },

    /** The CSV report: investor, gross, withheld, net, and the transaction that paid it. No personal data. */
    async reportCsv(view: DistributionView): Promise<string> {
      return entitlementsCsv(await this.entitlements(view, null, null));
    },

    async skipped(view: DistributionView) {
      return view.funding ? readSkips(db, view.distributor, view.funding.roundId) : [];
    },

    /** The canonical parameters file of a round (published at its paramsUri), or null when there is no such round. */
    async paramsJson(id: string): Promise<string | null> {
      return DISTRIBUTION_ID.test(id) ? ((await store.find(id))?.paramsJson ?? null) : null;
    },

    /**
     * The entitlements of the investor `wallet` is linked to now (read from the registry: a recovered wallet sees
     * what the lost one was owed), newest round first, with proofs and claim calldata.
     */
    async myClaims(wallet: Address, beforeSeq: number | null, limit: number): Promise<{ rows: (MyClaim & { seq: number })[] }> {
      const investorId = await client.readContract({ address: registryAddress(), abi: identityRegistryViewsAbi, functionName: "investorOf", args: [wallet] });
      if (investorId === zeroHash) return { rows: [] };
      const entitlements = await store.entitlementsOfInvestor(chain.chainId, investorId, beforeSeq, limit);
      const records = await store.findMany([...new Set(entitlements.map((e) => e.distributionId))]);
      const views = new Map((await buildViews(db, records, await chainTime())).map((v) => [v.id, v]));
      const byDistributor = new Map<Address, bigint[]>();
      for (const v of views.values()) {
        if (v.funding) byDistributor.set(v.distributor, [...(byDistributor.get(v.distributor) ?? []), v.funding.roundId]);
      }
      const claims = new Map<string, ClaimEvent>();
      for (const [distributor, roundIds] of byDistributor) {
        for (const [key, claim] of await readClaims(db, distributor, roundIds, investorId)) claims.set(`${distributor}|${key}`, claim);
      }
      const rows = entitlements.map((entitlement) => {
        const distribution = views.get(entitlement.distributionId)!;
        const roundId = distribution.funding?.roundId;
        const claim = roundId !== undefined && entitlement.leafIndex !== null ? claims.get(`${distribution.distributor}|${roundId}:${entitlement.leafIndex}`) : undefined;
        const claimable = roundId !== undefined && distribution.claimOpen && !claim && entitlement.leafIndex !== null;
        return {
          seq: entitlement.seq,
          distribution,
          entitlement,
          claimed: claim ? { txHash: claim.txHash as Hex, wallet: getAddress(claim.wallet), blockNumber: claim.blockNumber } : null,
          claimTransaction: claimable
            ? {
                to: distribution.distributor,
                data: encodeFunctionData({
                  abi: distributorAbi,
                  functionName: "claim",
                  args: [roundId, BigInt(entitlement.leafIndex!), entitlement.investorId, entitlement.net, entitlement.proof!],
                }),
                value: 0n,
                description: `Claim ${entitlement.net} cash-token units`,
              }
            : null,
        };
      });
      return { rows };
    },

    ...createPushes({ db, chain, outbox: deps.outbox, logger, requireView, chainTime, lastIndexedBlock }),
  };
}

export type DistributionService = ReturnType<typeof createDistributionService>;
