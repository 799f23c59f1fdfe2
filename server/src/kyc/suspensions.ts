import { randomUUID } from "node:crypto";
import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Envelope } from "../crypto/envelope.ts";
import type { Database, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { KycApplication } from "./application-view.ts";
import type { ChainStatus, KycChainWrites } from "./chain-writes.ts";
import { requireReason, stateError } from "./kyc-rules.ts";

/** What the suspension decisions need from the KYC service. */
export interface SuspensionDeps {
  db: Database;
  envelope: Envelope;
  writes: KycChainWrites;
  log: Logger;
  requireById(q: Queryable, id: string, lock?: boolean): Promise<KycApplication>;
  applicationById(q: Queryable, id: string): Promise<KycApplication | null>;
  dataKey(q: Queryable, applicationId: string, create?: boolean): Promise<Buffer | null>;
  walletsOf(q: Queryable, applicationId: string): Promise<Address[]>;
  /** Tokens on which a suspension freezes wallets (see token-policies.ts). */
  freezingTokens(): Promise<Address[]>;
  refuseSelfDecision(q: Queryable, actor: Address, application: KycApplication): Promise<void>;
  audited<T>(actor: Address, action: string, target: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Suspension (e.g. a sanctions hit) and its lifting. Each suspension is a kyc_suspensions row; the wallets it froze
 * on tokens whose policy asks for freezes are recorded with it, so reinstatement unfreezes exactly those: a wallet
 * that an agent of the token had frozen already, for whatever reason, is neither recorded nor unfrozen.
 */
export function createSuspensions(deps: SuspensionDeps) {
  const { db, envelope, writes, log } = deps;

  /** Wallets already frozen on `token` (a failed read counts as not frozen: the suspension must not be blocked). */
  async function frozenAlready(token: Address, wallets: Address[]): Promise<Set<Address>> {
    const frozen = new Set<Address>();
    for (const wallet of wallets) {
      if (await writes.isFrozen(token, wallet).catch(() => false)) frozen.add(wallet);
    }
    return frozen;
  }

  return {
    /**
     * Suspends an approved investor: status suspended on chain and, for every token whose policy asks for it, the
     * investor's wallets that are not frozen yet frozen on that token (and recorded as frozen by this suspension).
     */
    async suspend(actor: Address, applicationId: string, reason: string): Promise<KycApplication> {
      return deps.audited(actor, "kyc.suspend", applicationId, async () => {
        const text = requireReason(reason);
        await deps.refuseSelfDecision(db, actor, await deps.requireById(db, applicationId));
        const tokens = await deps.freezingTokens();
        const known = await deps.walletsOf(db, applicationId);
        const alreadyFrozen = new Map<Address, Set<Address>>();
        for (const token of tokens) alreadyFrozen.set(token, await frozenAlready(token, known));
        const suspensionId = randomUUID();
        let frozenWallets = 0;
        await db.transaction(async (tx) => {
          const application = await deps.requireById(tx, applicationId, true);
          if (application.status !== "approved" || !application.investorId) throw stateError(application.status, "suspended");
          const key = (await deps.dataKey(tx, applicationId, true))!;
          const sealed = envelope.encrypt(key, applicationId, "suspension_reason", text);
          await tx.query(
            `update kyc_applications set status = 'suspended', chain_status = 'suspended', suspension_reason = $2, expiring_soon = false,
               decided_at = now(), decided_by = $3, updated_at = now() where id = $1`,
            [applicationId, sealed, actor],
          );
          await tx.query("insert into kyc_suspensions (id, application_id, reason, suspended_by) values ($1, $2, $3, $4)", [suspensionId, applicationId, sealed, actor]);
          const base = `kyc:${applicationId}:suspend:${suspensionId}`;
          await writes.setStatus(tx, { applicationId, key: `${base}:status`, investorId: application.investorId, status: "suspended" });
          const wallets = await deps.walletsOf(tx, applicationId);
          for (const token of tokens) {
            const toFreeze = wallets.filter((w) => !alreadyFrozen.get(token)!.has(w));
            if (!toFreeze.length) continue;
            await writes.freezeWallets(tx, { applicationId, key: `${base}:freeze:${token}`, token, wallets: toFreeze });
            for (const wallet of toFreeze) {
              await tx.query("insert into kyc_suspension_freezes (suspension_id, token, wallet) values ($1, $2, $3)", [suspensionId, token, wallet]);
            }
            frozenWallets += toFreeze.length;
          }
          await recordAudit(tx, {
            actor, action: "kyc.suspend", target: applicationId, outcome: "success",
            details: { investorId: application.investorId, suspensionId, frozenOnTokens: tokens.length, frozenWallets },
          });
        });
        log.info({ msg: "investor suspended", applicationId, suspensionId, frozenOnTokens: tokens.length, frozenWallets });
        return (await deps.applicationById(db, applicationId))!;
      });
    },

    /**
     * Lifts a suspension: registry status active again (liquidate-only if KYC ran out meanwhile, by chain time) and
     * the wallets this suspension froze unfrozen, all through the outbox in the transaction of the decision.
     */
    async reinstate(actor: Address, applicationId: string, reason: string): Promise<KycApplication> {
      return deps.audited(actor, "kyc.reinstate", applicationId, async () => {
        const text = requireReason(reason);
        const before = await deps.requireById(db, applicationId);
        await deps.refuseSelfDecision(db, actor, before);
        const now = await writes.chainTime();
        let outcome: { chainStatus: ChainStatus; suspensionId: string; unfrozenWallets: number } | null = null;
        await db.transaction(async (tx) => {
          const application = await deps.requireById(tx, applicationId, true);
          if (application.status !== "suspended" || !application.investorId) {
            throw stateError(application.status, "reinstated (only a suspended investor can be)");
          }
          const open = await tx.query<{ id: string }>("select id from kyc_suspensions where application_id = $1 and lifted_at is null for update", [applicationId]);
          // A suspension decided before suspensions had rows has no recorded freezes: only its status is lifted.
          const suspensionId = open.rows[0]?.id ?? randomUUID();
          if (!open.rows[0]) {
            await tx.query("insert into kyc_suspensions (id, application_id, suspended_by, suspended_at) values ($1, $2, $3, $4)", [
              suspensionId, applicationId, application.decidedBy ?? actor, application.decidedAt ?? new Date(),
            ]);
          }
          // The registry treats KYC as valid up to and including kycValidUntil.
          const chainStatus: ChainStatus = application.kycValidUntil !== null && application.kycValidUntil >= now ? "active" : "liquidate_only";
          const key = (await deps.dataKey(tx, applicationId, true))!;
          await tx.query(
            `update kyc_applications set status = 'approved', chain_status = $2, suspension_reason = null, expiring_soon = false,
               decided_at = now(), decided_by = $3, updated_at = now() where id = $1`,
            [applicationId, chainStatus, actor],
          );
          await tx.query("update kyc_suspensions set lifted_by = $2, lifted_at = now(), lift_reason = $3 where id = $1", [
            suspensionId, actor, envelope.encrypt(key, applicationId, `suspension:${suspensionId}:lift_reason`, text),
          ]);
          const base = `kyc:${applicationId}:reinstate:${suspensionId}`;
          await writes.setStatus(tx, { applicationId, key: `${base}:status`, investorId: application.investorId, status: chainStatus });
          const { rows } = await tx.query<{ token: Address; wallet: Address }>(
            "select token, wallet from kyc_suspension_freezes where suspension_id = $1 order by token, wallet",
            [suspensionId],
          );
          const byToken = new Map<Address, Address[]>();
          for (const r of rows) byToken.set(r.token, [...(byToken.get(r.token) ?? []), r.wallet]);
          for (const [token, wallets] of byToken) {
            await writes.freezeWallets(tx, { applicationId, key: `${base}:unfreeze:${token}`, token, wallets, frozen: false });
          }
          outcome = { chainStatus, suspensionId, unfrozenWallets: rows.length };
          await recordAudit(tx, {
            actor, action: "kyc.reinstate", target: applicationId, outcome: "success",
            details: { investorId: application.investorId, suspensionId, chainStatus, unfrozenWallets: rows.length, tokens: byToken.size },
          });
        });
        log.info({ msg: "investor reinstated", applicationId, ...outcome! });
        return (await deps.applicationById(db, applicationId))!;
      });
    },
  };
}
