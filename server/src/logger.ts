import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs. Never pass personal data: log ids, codes and counts. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: "folio" }, redact: ["req.headers.authorization", "req.headers.cookie"] }, destination);
}
