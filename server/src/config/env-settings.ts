import { inspect } from "node:util";
import { z } from "zod";

/** An integer setting from `min` to `max`, `fallback` when unset; the messages name the bounds. */
export const intSetting = (min: number, max: number, fallback: number) =>
  z.coerce.number().int("must be an integer").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback);

/** A config value that prints `[redacted]` when logged, serialised or inspected, never what it holds. */
export abstract class Redacted {
  toJSON() {
    return "[redacted]";
  }

  toString() {
    return "[redacted]";
  }

  [inspect.custom]() {
    return "[redacted]";
  }
}
