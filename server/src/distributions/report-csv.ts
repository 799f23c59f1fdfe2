import type { EntitlementRecord } from "./distribution-store.ts";
import type { ClaimEvent } from "./round-events.ts";

const HEADER = ["investor_id", "record_balance", "withholding_bps", "gross", "withheld", "net", "leaf_index", "claimed", "claim_tx"];

/**
 * One line per investor of a round. Investors are named by their opaque investorId only: no names, no wallets.
 * Every field is a hex string, a decimal integer or a boolean, so nothing needs quoting.
 */
export function entitlementsCsv(rows: readonly { entitlement: EntitlementRecord; claimed: ClaimEvent | null }[]): string {
  const lines = [HEADER.join(",")];
  for (const { entitlement: e, claimed } of rows) {
    lines.push([
      e.investorId, e.balance, e.bps, e.gross, e.withheld, e.net, e.leafIndex ?? "", claimed ? "true" : "false", claimed?.txHash ?? "",
    ].join(","));
  }
  return `${lines.join("\n")}\n`;
}
