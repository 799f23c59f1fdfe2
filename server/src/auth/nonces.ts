import { randomBytes } from "node:crypto";
import type { Database } from "../db/database.ts";

/** How long a sign-in nonce can be used. */
export const NONCE_TTL_SECONDS = 5 * 60;

/** Single-use Sign-In with Ethereum nonces, kept in the database so any replica can consume them. */
export function createNonceStore(db: Database) {
  return {
    /** 128 random bits as 32 hex characters (EIP-4361 wants at least 8 alphanumerics). */
    async issue(): Promise<string> {
      const nonce = randomBytes(16).toString("hex");
      // Expired nonces are dropped as new ones are issued; the index on expires_at keeps this cheap.
      await db.query("delete from siwe_nonces where expires_at < now()");
      await db.query(`insert into siwe_nonces (nonce, expires_at) values ($1, now() + make_interval(secs => $2))`, [nonce, NONCE_TTL_SECONDS]);
      return nonce;
    },

    /**
     * Consumes a live nonce in one statement: of two concurrent sign-ins with the same nonce exactly one deletes the
     * row, so a replayed message fails. Returns false when the nonce is unknown, used or expired.
     */
    async consume(nonce: string): Promise<boolean> {
      const { rows } = await db.query("delete from siwe_nonces where nonce = $1 and expires_at > now() returning nonce", [nonce]);
      return rows.length === 1;
    },
  };
}

export type NonceStore = ReturnType<typeof createNonceStore>;
