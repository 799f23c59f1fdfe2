import type { RequestHandler } from "express";

const ALLOWED_METHODS = "GET, POST, OPTIONS";
const ALLOWED_HEADERS = "content-type, authorization, accept";
/** How long a browser may cache a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the API: only `origins` (the public origin and FOLIO_CORS_ORIGINS) may read answers from another
 * origin, with credentials. Other origins get no CORS headers, so browsers keep the answer from their scripts, and
 * their preflight requests are refused with 403 and the code CORS_ORIGIN_FORBIDDEN. Requests without an Origin
 * header (same-origin GETs, API clients) pass untouched.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary("Origin");
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (!origin) return next();
    if (!allowed.has(origin)) {
      if (!preflight) return next();
      res.status(403).json({ errors: [{ message: `The origin ${origin} may not call this API`, extensions: { code: "CORS_ORIGIN_FORBIDDEN" } }] });
      return;
    }
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-allow-credentials", "true");
    if (!preflight) return next();
    res.setHeader("access-control-allow-methods", ALLOWED_METHODS);
    res.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
    res.setHeader("access-control-max-age", String(PREFLIGHT_MAX_AGE_SECONDS));
    res.status(204).end();
  };
}
