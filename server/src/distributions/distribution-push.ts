import { randomUUID } from "node:crypto";
import { getAddress, type Address, type Hex } from "viem";
import { distributorAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { DistributionView } from "./distribution-views.ts";
import { currentWalletsOf } from "./record-holdings.ts";
import { readClaims } from "./round-events.ts";

/** Entitlements per pushClaims transaction: ~60-80k gas each, so a batch stays far below a block's gas limit. */
export const PUSH_BATCH_SIZE = 50;
export const MAX_PUSH = 500;
/** The agent permission bit the Distributor requires for funding, pushing and reclaiming (contracts/interfaces/AgentPermissions.sol). */
export const DISTRIBUTION_PERMISSION = 256;

export interface PushResult {
  /** One outbox entry per batch of at most PUSH_BATCH_SIZE entitlements. */
  batches: { pushId: string; outboxEntryId: number; leafIndexes: number[] }[];
  /** Entitlements sent for payment. */
  requested: number;
  /** Unclaimed entitlements left out because their investor has no linked wallet now. */
  withoutWallet: number;
}

/**
 * Optional push payment: the server pays unclaimed entitlements on investors' behalf with Distributor.pushClaims,
 * sent through the outbox with its own key (which must be the token's owner or an agent of it holding the
 * DISTRIBUTION permission: the contract accepts no one else). Each is paid to the investor's first linked wallet; the contract checks it is
 * verified and skips (ClaimSkipped) what it cannot pay, and those stay claimable.
 */
export function createPushes(deps: {
  db: Database;
  chain: Chain;
  outbox: Outbox;
  logger: Logger;
  requireView(id: string): Promise<DistributionView>;
  lastIndexedBlock(): Promise<number>;
  chainTime(): Promise<bigint>;
}) {
  const { db, chain, outbox, logger } = deps;

  /**
   * Whether the Distributor accepts pushClaims from the server's key: the token's owner, or an agent holding the
   * DISTRIBUTION permission (an agent with other powers only is refused on chain, so the push would only revert).
   */
  async function serverMayPush(token: Address): Promise<boolean> {
    try {
      const [owner, permissions] = await Promise.all([
        chain.client.readContract({ address: token, abi: securityTokenAbi, functionName: "owner" }),
        chain.client.readContract({ address: token, abi: securityTokenAbi, functionName: "agentPermissions", args: [outbox.sender] }),
      ]);
      return getAddress(owner) === getAddress(outbox.sender) || (permissions & DISTRIBUTION_PERMISSION) !== 0;
    } catch (error) {
      logger.debug({ msg: "token permission views unavailable", token, err: error });
      return false; // a token without these views grants nothing
    }
  }

  return {
    /** Enqueues pushClaims for up to `first` unclaimed entitlements not already in flight, in leaf order. */
    async push(actor: Address, id: string, first: number): Promise<PushResult> {
      if (!Number.isInteger(first) || first < 1 || first > MAX_PUSH) throw new FolioError("BAD_USER_INPUT", `first must be an integer from 1 to ${MAX_PUSH}`);
      const view = await deps.requireView(id);
      if (!view.funding) throw new FolioError("DISTRIBUTION_NOT_FUNDED", "The round is not funded yet (or its funding is not indexed yet)");
      if (!view.claimOpen) throw new FolioError("DISTRIBUTION_CLAIMS_CLOSED", "The round's claim deadline has passed: nothing can be paid any more");
      if (!(await serverMayPush(view.token))) {
        throw new FolioError("DISTRIBUTION_PUSH_NOT_PERMITTED", `The server's key ${outbox.sender} is not an agent of token ${view.token} with the DISTRIBUTION permission`, {
          hint: `The token owner can give it that permission alone: setAgentPermissions(${outbox.sender}, ${DISTRIBUTION_PERMISSION}) (DISTRIBUTION)`,
        });
      }
      const roundId = view.funding.roundId;
      const claimed = await readClaims(db, view.distributor, [roundId]);
      const lastIndexed = await deps.lastIndexedBlock();

      const result = await db.transaction(async (tx) => {
        // One push at a time per round: the second waits here and then sees the first one's leaves in flight.
        await tx.query(`select id from distributions where id = $1 for update`, [id]);
        const inFlight = new Set<number>();
        const { rows: pushes } = await tx.query<{ leaf_indexes: number[] }>(
          `select p.leaf_indexes from distribution_pushes p join outbox_entries o on o.id = p.outbox_entry_id
           where p.distribution_id = $1
             and (o.status in ('pending', 'sending', 'sent') or (o.status = 'confirmed' and o.block_number > $2))`,
          [id, lastIndexed],
        );
        for (const p of pushes) for (const i of p.leaf_indexes) inFlight.add(Number(i));
        const { rows } = await tx.query<{ investor_id: string; net: string; leaf_index: number; proof: Hex[] | string }>(
          `select investor_id, net::text as net, leaf_index, proof from distribution_entitlements
           where distribution_id = $1 and leaf_index is not null order by leaf_index`,
          [id],
        );
        const candidates = rows.filter((r) => !claimed.has(`${roundId}:${r.leaf_index}`) && !inFlight.has(Number(r.leaf_index)));
        const wallets = await currentWalletsOf(tx, candidates.map((r) => r.investor_id));
        let withoutWallet = 0;
        const requests = [];
        for (const r of candidates) {
          if (requests.length >= first) break;
          const wallet = wallets.get(r.investor_id)?.[0];
          if (!wallet) {
            withoutWallet += 1;
            continue;
          }
          requests.push({
            index: BigInt(r.leaf_index),
            investorId: r.investor_id as Hex,
            amount: BigInt(r.net),
            wallet: getAddress(wallet) as Address,
            proof: (typeof r.proof === "string" ? JSON.parse(r.proof) : r.proof) as Hex[],
          });
        }
        const batches: PushResult["batches"] = [];
        for (let start = 0; start < requests.length; start += PUSH_BATCH_SIZE) {
          const batch = requests.slice(start, start + PUSH_BATCH_SIZE);
          const pushId = randomUUID();
          const entry = await outbox.enqueue(
            {
              idempotencyKey: `distribution.push:${pushId}`,
              purpose: "distribution.pushClaims",
              to: view.distributor,
              abi: distributorAbi,
              functionName: "pushClaims",
              args: [roundId, batch],
            },
            { tx },
          );
          const leafIndexes = batch.map((q) => Number(q.index));
          await tx.query(
            `insert into distribution_pushes (id, distribution_id, outbox_entry_id, leaf_indexes, requested_by) values ($1, $2, $3, $4::int[], $5)`,
            [pushId, id, entry.id, leafIndexes, actor],
          );
          batches.push({ pushId, outboxEntryId: entry.id, leafIndexes });
        }
        await recordAudit(tx, {
          actor, action: "distribution.push", target: id, outcome: "success",
          details: { roundId: roundId.toString(), requested: requests.length, batches: batches.length, withoutWallet },
        });
        return { batches, requested: requests.length, withoutWallet };
      });
      logger.info({ msg: "distribution push enqueued", action: "distribution.push", distributionId: id, chainId: chain.chainId, requested: result.requested, batches: result.batches.length });
      return result;
    },
  };
}
