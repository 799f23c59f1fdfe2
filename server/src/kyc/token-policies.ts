import type { Address } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/database.ts";

export interface TokenKycPolicy {
  token: Address;
  freezeOnSuspension: boolean;
}

/** Per-token KYC policies: whether a suspension freezes the investor's wallets on that token. */
export function createTokenPolicies(options: { db: Database }) {
  const { db } = options;

  return {
    async tokenPolicy(token: Address): Promise<TokenKycPolicy> {
      const { rows } = await db.query<{ freeze_on_suspension: boolean }>("select freeze_on_suspension from kyc_token_settings where token = $1", [token]);
      return { token, freezeOnSuspension: rows[0]?.freeze_on_suspension ?? false };
    },

    async setTokenPolicy(actor: Address, token: Address, freezeOnSuspension: boolean): Promise<TokenKycPolicy> {
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into kyc_token_settings (token, freeze_on_suspension, updated_by) values ($1, $2, $3)
           on conflict (token) do update set freeze_on_suspension = excluded.freeze_on_suspension, updated_by = excluded.updated_by, updated_at = now()`,
          [token, freezeOnSuspension, actor],
        );
        await recordAudit(tx, { actor, action: "kyc.tokenPolicy.set", target: token, outcome: "success", details: { freezeOnSuspension } });
      });
      return { token, freezeOnSuspension };
    },
  };
}
