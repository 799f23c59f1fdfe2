import { createHash, randomBytes } from "node:crypto";
import { getAddress, type Address } from "viem";
import type { Database } from "../db/database.ts";

export interface Session {
  address: Address;
  token: string;
  expiresAt: Date;
}

export interface ActiveSession {
  address: Address;
  tokenHash: string;
  expiresAt: Date;
}

export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** Bearer sessions: a random 256-bit token goes to the client; only its SHA-256 is stored. */
export function createSessionStore(options: { db: Database; ttlSeconds: number }) {
  const { db, ttlSeconds } = options;
  return {
    async open(address: Address): Promise<Session> {
      const token = randomBytes(32).toString("base64url");
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      await db.query("delete from sessions where expires_at < now()");
      await db.query("insert into sessions (token_hash, address, expires_at) values ($1, $2, $3)", [hashToken(token), address, expiresAt.toISOString()]);
      return { address, token, expiresAt };
    },

    /** The live session a token stands for, or null (unknown, ended or expired). */
    async find(token: string): Promise<ActiveSession | null> {
      // A token we issued is 43 base64url characters; anything else cannot match and costs no query.
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const tokenHash = hashToken(token);
      const { rows } = await db.query<{ address: string; expires_at: Date | string }>(
        "select address, expires_at from sessions where token_hash = $1 and expires_at > now()",
        [tokenHash],
      );
      const row = rows[0];
      return row ? { address: getAddress(row.address), tokenHash, expiresAt: new Date(row.expires_at) } : null;
    },

    /** Ends a session; returns false when it had already ended. */
    async end(tokenHash: string): Promise<boolean> {
      const { affectedRows } = await db.query("delete from sessions where token_hash = $1", [tokenHash]);
      return affectedRows > 0;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
