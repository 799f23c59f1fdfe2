import type { ReconcileSummary } from "./runner.ts";

/** The summary as text: one table row per area, then every difference and note under its area. */
export function formatSummary(s: ReconcileSummary): string {
  const header = ["Area", "Block", "Checked", "Differences", "In flight", "Time"];
  const rows = s.areas.map((a) => [a.area, a.block < 0 ? "-" : String(a.block), String(a.checked), String(a.differences.length), String(a.inFlight.length), `${a.ms} ms`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const out = [
    `Folio reconciliation: chain ${s.chainId} at block ${s.head} (index at ${s.indexedBlock ?? "none"}), ${s.databaseKind} database`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
  ];
  for (const a of s.areas) {
    if (!a.differences.length && !a.inFlight.length && !a.notes.length) continue;
    out.push(`${a.area}:`);
    for (const d of a.differences) out.push(`  DIFFERENCE ${d.kind}  ${d.subject}: ${d.detail}`);
    for (const d of a.inFlight) out.push(`  in flight  ${d.kind}  ${d.subject}: ${d.detail}`);
    for (const n of a.notes) out.push(`  note: ${n}`);
    out.push("");
  }
  out.push(s.ok ? `No differences (${s.inFlight} in flight), ${s.ms} ms.` : `${s.differences} difference(s) (${s.inFlight} in flight), ${s.ms} ms.`);
  return out.join("\n");
}

/** The summary as JSON (bigints never reach here: every figure is a number or a string). */
export const summaryJson = (s: ReconcileSummary) => JSON.stringify(s, null, 2);
