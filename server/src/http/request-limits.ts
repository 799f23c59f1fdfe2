import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { createTokenBucketLimiter } from "./token-bucket.ts";

/** A GraphQL-shaped error body, so clients read plain-HTTP refusals the same way as resolver errors. */
const errorBody = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * Buffers the body up to `maxBytes` (by Content-Length up front and by bytes read for chunked bodies);
 * multipart/form-data bodies (file uploads) up to `multipartMaxBytes`.
 */
export function bodyLimit(maxBytes: number, multipartMaxBytes = maxBytes): RequestHandler {
  const plain = express.raw({ type: () => true, limit: maxBytes });
  if (multipartMaxBytes === maxBytes) return plain;
  const multipart = express.raw({ type: () => true, limit: multipartMaxBytes });
  return (req, res, next) => (isMultipart(req) ? multipart : plain)(req, res, next);
}

const isMultipart = (req: express.Request) => /^multipart\/form-data\b/i.test(req.headers["content-type"] ?? "");

/** Turns the body parser's refusals into a clear 413 (too large) or 400 (unreadable) with a code. */
export function bodyErrors(maxBytes: number, multipartMaxBytes = maxBytes): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (error?.type === "entity.too.large") {
      const limit = isMultipart(req) ? multipartMaxBytes : maxBytes;
      res.status(413).json(errorBody(`The request body is larger than ${limit} bytes`, "PAYLOAD_TOO_LARGE"));
    } else if (error?.type && typeof error.status === "number" && error.status < 500) {
      res.status(error.status).json(errorBody("The request body could not be read", "BAD_REQUEST"));
    } else {
      next(error);
    }
  };
}

/** Per-IP token bucket for the API: 429 with Retry-After and code RATE_LIMITED when a client runs dry. */
export function rateLimitPerIp(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  const limiter = createTokenBucketLimiter({ perMinute });
  return (req, res, next) => {
    const verdict = limiter.take(`ip:${req.ip ?? "unknown"}`);
    if (verdict.allowed) return next();
    res.setHeader("retry-after", String(verdict.retryAfterSeconds));
    res.status(429).json(errorBody("Too many requests from this address; retry later", "RATE_LIMITED"));
  };
}
