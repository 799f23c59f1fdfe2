import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createTokenIndex } from "../tokens/token-index.ts";
import type { KycChainWrites } from "./chain-writes.ts";

export interface TokenKycPolicy {
  token: Address;
  freezeOnSuspension: boolean;
}

/**
 * Per-token KYC policies: whether a suspension freezes the investor's wallets on that token. A policy exists only for
 * a token Folio issued (one the chain index knows: from the deployment or the factory), and one that freezes only
 * where the server's key may freeze on that token; at most `maxTokenPolicies` tokens have one. Suspensions check the
 * same again before freezing (`freezingTokens`), so a policy stored earlier never sends a write anywhere else.
 */
export function createTokenPolicies(options: { db: Database; writes: KycChainWrites; log: Logger; maxTokenPolicies: number }) {
  const { db, writes, log, maxTokenPolicies } = options;
  const index = createTokenIndex(db);


  return {
    async tokenPolicy(token: Address): Promise<TokenKycPolicy> {
      const { rows } = await db.query<{ freeze_on_suspension: boolean }>("select freeze_on_suspension from kyc_token_settings where token = $1", [token]);
      return { token, freezeOnSuspension: rows[0]?.freeze_on_suspension ?? false };
    },

    async setTokenPolicy(actor: Address, token: Address, freezeOnSuspension: boolean): Promise<TokenKycPolicy> {
      if (!(await index.isFolioToken(token))) {
        throw new FolioError("KYC_TOKEN_UNKNOWN", "Only a token issued by Folio and known to its index can have a KYC policy", {
          hint: "Check the token address; a token issued moments ago appears once the indexer has seen its block",
        });
      }
      if (freezeOnSuspension && !(await writes.mayFreeze(token).catch(() => false))) {
        throw new FolioError("KYC_TOKEN_FREEZE_NOT_PERMITTED", `The server's key ${writes.sender} may not freeze wallets on this token`, {
          hint: "The token's owner first grants it the FREEZE permission (4) with setAgentPermissions",
        });
      }
      await db.transaction(async (tx) => {
        // Serialises policy writers, so that concurrent new policies cannot pass the cap together.
        await tx.query("lock table kyc_token_settings in exclusive mode");
        const { rows } = await tx.query<{ n: string; has: boolean }>(
          "select count(*)::text as n, coalesce(bool_or(token = $1), false) as has from kyc_token_settings",
          [token],
        );
        if (!rows[0]!.has && Number(rows[0]!.n) >= maxTokenPolicies) {
          throw new FolioError("KYC_TOKEN_POLICIES_FULL", `At most ${maxTokenPolicies} tokens can have a KYC policy`, {
            hint: "Raise FOLIO_KYC_MAX_TOKEN_POLICIES if this many tokens truly need one",
          });
        }
        await tx.query(
          `insert into kyc_token_settings (token, freeze_on_suspension, updated_by) values ($1, $2, $3)
           on conflict (token) do update set freeze_on_suspension = excluded.freeze_on_suspension, updated_by = excluded.updated_by, updated_at = now()`,
          [token, freezeOnSuspension, actor],
        );
        await recordAudit(tx, { actor, action: "kyc.tokenPolicy.set", target: token, outcome: "success", details: { freezeOnSuspension } });
      });
      return { token, freezeOnSuspension };
    },

    /**
     * Tokens on which a suspension freezes wallets now: a freezing policy, still a token of Folio's index, and the
     * server's key still allowed to freeze there (a failed read counts as not allowed). Others are skipped and logged.
     */
    async freezingTokens(): Promise<Address[]> {
      const { rows } = await db.query<{ token: Address }>("select token from kyc_token_settings where freeze_on_suspension order by token");
      const tokens: Address[] = [];
      for (const { token } of rows) {
        if ((await index.isFolioToken(token)) && (await writes.mayFreeze(token).catch(() => false))) tokens.push(token);
        else log.warn({ msg: "kyc token policy skipped: not a Folio token or no freeze permission", action: "kyc.tokenPolicy.skip", token });
      }
      return tokens;
    },
  };
}

export type KycTokenPolicies = ReturnType<typeof createTokenPolicies>;
