import type { ReactNode } from "react";

/**
 * A wide table's horizontal scroll box, focusable so keyboard users can scroll it (axe: scrollable-region-focusable)
 * even when the table holds no link or button; named after what it holds.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
