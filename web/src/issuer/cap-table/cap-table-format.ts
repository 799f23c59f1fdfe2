import { formatUnits } from "viem";
import { countryName } from "../../ui/country-options.ts";

/** A share of the supply as a percentage with two decimals, rounded down ("12.34 %", a no-break space before the sign). */
export function formatShare(balance: string | bigint, supply: string | bigint): string {
  const b = BigInt(balance);
  const s = BigInt(supply);
  if (s <= 0n || b <= 0n) return "0.00\u00a0%";
  const hundredths = (b * 10_000n) / s;
  if (hundredths === 0n) return "<0.01\u00a0%";
  const text = hundredths.toString().padStart(3, "0");
  return `${text.slice(0, -2)}.${text.slice(-2)}\u00a0%`;
}

/** Unix seconds as the record-date field shows and reads them: "YYYY-MM-DDTHH:MM:SS", in UTC. */
export function toRecordDateInput(unixSeconds: string | bigint | number): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().slice(0, 19);
}

/** Unix seconds as people read them: "2026-12-02 07:30:15 UTC". */
export function formatBlockTime(unixSeconds: string | bigint | number): string {
  return `${toRecordDateInput(unixSeconds).replace("T", " ")} UTC`;
}

export type RecordDateResult = { ok: true; recordTime: bigint } | { ok: false; error: string };

/**
 * The record-date field (a datetime-local value, read as UTC, seconds optional) as Unix seconds: the cap table is the
 * one at the end of the last block at or before that moment. A moment still to come has no cap table yet.
 */
export function parseRecordDate(value: string, now: Date): RecordDateResult {
  const text = value.trim();
  if (text === "") return { ok: false, error: "Pick the record date and time (UTC)" };
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) return { ok: false, error: "Enter a date and time such as 2026-06-30T17:00 (UTC)" };
  const [, y, mo, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part))) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(ms);
  if (Number.isNaN(ms) || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) {
    return { ok: false, error: "This date does not exist" };
  }
  if (ms > now.getTime()) return { ok: false, error: "Pick a moment in the past: the cap table of the future is not known yet" };
  return { ok: true, recordTime: BigInt(Math.floor(ms / 1000)) };
}

/** An amount in whole token units as a chart value (a float: charts only need its size, the tables keep the digits). */
export const chartValue = (raw: string | bigint, decimals: number) => Number(formatUnits(BigInt(raw), decimals));

/** An investor id or wallet, shortened for a chart axis: "0x1234…abcd". */
export const shortId = (id: string) => `${id.slice(0, 6)}…${id.slice(-4)}`;

/** A country of the cap table by name; wallets linked to no investor have none. */
export const countryLabel = (alpha2: string | null | undefined) => (alpha2 ? countryName(alpha2) : "No investor (unlinked wallets)");

/**
 * Pages of a cursor-paged table: the cursor of each page seen so far, so "Previous" goes back without refetching
 * from the start. Page 1 has the null cursor.
 */
export interface Pager {
  cursors: (string | null)[];
}

export const firstPage = (): Pager => ({ cursors: [null] });
export const currentCursor = (p: Pager) => p.cursors.at(-1) ?? null;
export const pageNumber = (p: Pager) => p.cursors.length;
export const nextPage = (p: Pager, endCursor: string | null): Pager => (endCursor === null ? p : { cursors: [...p.cursors, endCursor] });
export const previousPage = (p: Pager): Pager => (p.cursors.length <= 1 ? p : { cursors: p.cursors.slice(0, -1) });
