import { setImmediate } from "node:timers/promises";
import type express from "express";
import type { Address } from "viem";
import type { AuthService } from "../auth/auth-service.ts";
import { requireTokenRole } from "../auth/authorize.ts";
import { readSessionToken } from "../auth/session-cookie.ts";
import { FolioError } from "../errors.ts";
import { CAP_TABLE_READERS } from "../graphql/cap-table.ts";
import type { Logger } from "../logger.ts";
import type { CapTableService } from "../tokens/cap-table.ts";

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/**
 * GET /tokens/:address/cap-table.csv?atBlock=N (or ?recordTime=<Unix seconds>; the latest indexed block without
 * either): the cap table as CSV, for the same readers as the capTable query, signed in with the session cookie or
 * `Authorization: Bearer`. Every check runs before the first byte: a refusal is a JSON error with its stable code and
 * nothing else. The rows are then written page by page as they are read, waiting for the client when it is slower.
 */
export function capTableCsvHandler(deps: { auth: Pick<AuthService, "viewerFor" | "tokenRolesOf">; capTable: CapTableService; logger: Logger }) {
  return async (req: express.Request, res: express.Response) => {
    let lines: AsyncGenerator<string>;
    let fileName: string;
    try {
      const token = String(req.params.address);
      const atBlock = readInteger(req.query.atBlock, "atBlock");
      const recordTime = readInteger(req.query.recordTime, "recordTime");
      const presented = readSessionToken(new Headers(headerPairs(req.headers)));
      const { viewer, problem } = await deps.auth.viewerFor(presented?.token ?? null);
      if (problem) throw new FolioError("UNAUTHENTICATED", problem === "SESSION_EXPIRED" ? "The session has expired; sign in again" : "The session token is not valid; sign in again");
      if (!/^0x[0-9a-fA-F]{40}$/.test(token)) throw new FolioError("BAD_USER_INPUT", `"${token}" is not a token address`);
      await requireTokenRole({ viewer, services: { auth: deps.auth } }, token as Address, ...CAP_TABLE_READERS);
      const at = await deps.capTable.resolve({ token, atBlock, recordTime: recordTime === null ? null : BigInt(recordTime) });
      lines = deps.capTable.csvLines(at);
      // The first line (the header, after the supply is read) before any header goes out: a failure is still an error.
      const first = await lines.next();
      fileName = `cap-table-${at.symbol.replace(/[^A-Za-z0-9_-]/g, "") || "token"}-block-${at.atBlock}.csv`;
      res.status(200);
      res.setHeader("content-type", "text/csv; charset=utf-8");
      res.setHeader("content-disposition", `attachment; filename="${fileName}"`);
      res.setHeader("cache-control", "no-store");
      res.setHeader("x-folio-block", String(at.atBlock));
      if (!first.done) res.write(first.value);
    } catch (error) {
      refuse(res, error, deps.logger);
      return;
    }
    try {
      for await (const chunk of lines) {
        if (res.destroyed) break;
        if (!res.write(chunk)) await drainedOrClosed(res);
        // A turn of the event loop per page: an embedded database (PGlite) answers without one, and the socket (and
        // every other request of this process) would otherwise wait for the whole export.
        await setImmediate();
      }
      res.end();
    } catch (error) {
      // Headers are gone: the only honest signal left is a cut connection, so the file is never taken as complete.
      deps.logger.error({ msg: "cap table CSV export failed mid-stream", err: error });
      res.destroy(error as Error);
    } finally {
      await lines.return(undefined);
    }
  };
}

function refuse(res: express.Response, error: unknown, logger: Logger) {
  if (error instanceof FolioError) {
    res.status(STATUS[error.code] ?? 400).json({ error: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) });
    return;
  }
  logger.error({ msg: "cap table CSV export failed", err: error });
  res.status(500).json({ error: "INTERNAL_SERVER_ERROR", message: "Unexpected error" });
}

/** A query parameter as a whole number, null when absent; BAD_USER_INPUT for anything else. */
function readInteger(value: unknown, name: string): number | null {
  if (value === undefined) return null;
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) throw new FolioError("BAD_USER_INPUT", `${name} must be a whole number (0 or more)`);
  return Number(value);
}

const headerPairs = (headers: express.Request["headers"]): [string, string][] =>
  Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]]));

/** Resolves when the response can take more (drain) or is gone (close), leaving no listener behind. */
function drainedOrClosed(res: express.Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
