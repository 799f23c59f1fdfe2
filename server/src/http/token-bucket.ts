/**
 * Token buckets keyed by client (IP or address): each holds up to `capacity` tokens and regains `perMinute` per
 * minute; a request takes one. In memory per replica: behind N replicas a client gets up to N times the limit,
 * which is the trade-off for not touching the database on every request.
 */
export interface TokenBucketLimiter {
  /** Takes one token for `key`; when none is left, returns the seconds until one is back. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** What `take` would answer for `key`, without taking a token. */
  peek(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  readonly size: number;
}

export function createTokenBucketLimiter(options: {
  perMinute: number;
  /** Burst size; defaults to `perMinute`. */
  capacity?: number;
  /** Buckets kept at most; full (idle) buckets are dropped first when it is reached. */
  maxKeys?: number;
  now?: () => number;
}): TokenBucketLimiter {
  const capacity = options.capacity ?? options.perMinute;
  const perMs = options.perMinute / 60_000;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refill = (bucket: { tokens: number; at: number }, t: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
  };

  function sweep(t: number) {
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= capacity) buckets.delete(key);
    }
    // Still full of active clients: drop the oldest entries (Map keeps insertion order) rather than grow unbounded.
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  }

  const retryAfter = (tokens: number) => Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));

  return {
    peek(key) {
      const bucket = buckets.get(key);
      if (!bucket) return { allowed: true };
      const tokens = Math.min(capacity, bucket.tokens + (now() - bucket.at) * perMs);
      return tokens >= 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: retryAfter(tokens) };
    },

    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) sweep(t);
        bucket = { tokens: capacity, at: t };
        buckets.set(key, bucket);
      } else {
        refill(bucket, t);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: retryAfter(bucket.tokens) };
    },
    get size() {
      return buckets.size;
    },
  };
}
