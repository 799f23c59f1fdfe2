/** "2 Dec 2026, 07:40" in the browser's time zone, or "—". */
export const dateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "—";

/** A Unix time in seconds as its UTC day, YYYY-MM-DD, or "—". */
export const utcDay = (seconds: string | null | undefined) => (seconds ? new Date(Number(seconds) * 1000).toISOString().slice(0, 10) : "—");
