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

/** Why a presented session token opens no session. */
export interface SessionProblem {
  problem: "SESSION_INVALID" | "SESSION_EXPIRED";
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

    /**
     * What a token stands for: a live session, or why it does not (SESSION_INVALID: never issued, ended or
     * malformed; SESSION_EXPIRED: issued here and past its lifetime, until the row is swept).
     */
    async find(token: string): Promise<ActiveSession | SessionProblem> {
      // A token we issued is 43 base64url characters; anything else cannot match and costs no query.
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { problem: "SESSION_INVALID" };
      const tokenHash = hashToken(token);
      const { rows } = await db.query<{ address: string; expires_at: Date | string; live: boolean }>(
        "select address, expires_at, expires_at > now() as live from sessions where token_hash = $1",
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return { problem: "SESSION_INVALID" };
      if (!row.live) return { problem: "SESSION_EXPIRED" };
      return { address: getAddress(row.address), tokenHash, expiresAt: new Date(row.expires_at) };
    },

    /** Ends a session; returns false when it had already ended. */
    async end(tokenHash: string): Promise<boolean> {
      const { affectedRows } = await db.query("delete from sessions where token_hash = $1", [tokenHash]);
      return affectedRows > 0;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
