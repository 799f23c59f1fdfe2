import type { AuditEntry } from "../audit/audit-log.ts";
import { FolioError } from "../errors.ts";
import { createTokenBucketLimiter } from "../http/token-bucket.ts";
import type { Logger } from "../logger.ts";

export interface SignInFailureOptions {
  /** Writes one audit entry (in its own transaction). */
  record(entry: AuditEntry): Promise<unknown>;
  logger: Logger;
  /** Failed sign-ins allowed per client and minute (burst of the same size); 0 turns the limit off. */
  failuresPerMinute: number;
  /** Failures audited one row each per window, all clients together; the rest are counted in one summary row. */
  rowsPerWindow?: number;
  windowMs?: number;
  now?: () => number;
}

/** A summary row stands for failures of at most this many distinct clients; more are still counted. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * Failed sign-ins come from anyone, signed in or not, so what they cost is capped. Per client (IP address), a token
 * bucket of failures: once it is empty, every sign-in from that client is refused with RATE_LIMITED before any
 * check runs, until the bucket refills. Audit rows: each failure gets its own row while the window's budget
 * (`rowsPerWindow`) lasts; failures beyond it and refused attempts are counted, and one summary row per window
 * (`auth.signIn`, failure, code AGGREGATED, with the counts) records them. At most `rowsPerWindow + 1` rows per
 * window, whatever the traffic.
 */
export function createSignInFailureLog(options: SignInFailureOptions) {
  const windowMs = options.windowMs ?? 60_000;
  const rowsPerWindow = options.rowsPerWindow ?? 100;
  const now = options.now ?? Date.now;
  const limiter = options.failuresPerMinute > 0
    ? createTokenBucketLimiter({ perMinute: options.failuresPerMinute, maxKeys: MAX_TRACKED_CLIENTS, now })
    : null;

  let windowStart = now();
  let rowsWritten = 0;
  let summary = { failures: 0, rateLimited: 0, clients: new Set<string>() };
  let timer: NodeJS.Timeout | undefined;

  /** Writes the summary of the window that ended (if it counted anything) and opens a new window. */
  async function flush(): Promise<void> {
    const ended = summary;
    const seconds = Math.max(1, Math.round((now() - windowStart) / 1000));
    windowStart = now();
    rowsWritten = 0;
    summary = { failures: 0, rateLimited: 0, clients: new Set() };
    if (ended.failures + ended.rateLimited === 0) {
      clearInterval(timer);
      timer = undefined;
      return;
    }
    options.logger.warn({ msg: "failed sign-ins aggregated", action: "auth.signIn", failures: ended.failures, rateLimited: ended.rateLimited, clients: ended.clients.size, seconds });
    await options.record({
      actor: null,
      action: "auth.signIn",
      outcome: "failure",
      details: { code: "AGGREGATED", count: ended.failures + ended.rateLimited, rateLimited: ended.rateLimited, clients: ended.clients.size, windowSeconds: seconds },
    });
  }

  function count(client: string, kind: "failures" | "rateLimited") {
    summary[kind] += 1;
    if (summary.clients.size < MAX_TRACKED_CLIENTS) summary.clients.add(client);
    // Summaries are written by a timer that runs only while there is something to write; it never keeps the process up.
    timer ??= setInterval(() => void flush().catch((err) => options.logger.error({ msg: "failed sign-in summary not written", err })), windowMs).unref();
  }

  async function rollWindow() {
    if (now() - windowStart >= windowMs) await flush();
  }

  return {
    /** Refuses a sign-in from `client` with RATE_LIMITED while its failure bucket is empty. */
    async check(client: string): Promise<void> {
      await rollWindow();
      const wait = limiter?.peek(client);
      if (wait === undefined || wait.allowed) return;
      count(client, "rateLimited");
      throw new FolioError("RATE_LIMITED", "Too many failed sign-ins from this address; retry later", {
        hint: `Retry in ${wait.retryAfterSeconds} s with a new nonce`,
      });
    },

    /** Counts one failed sign-in of `client`: its own audit row while the window's budget lasts, else the summary. */
    async failed(client: string, entry: AuditEntry): Promise<void> {
      limiter?.take(client);
      await rollWindow();
      if (rowsWritten < rowsPerWindow) {
        rowsWritten += 1;
        await options.record(entry);
      } else {
        count(client, "failures");
      }
    },

    flush,
  };
}

export type SignInFailureLog = ReturnType<typeof createSignInFailureLog>;
