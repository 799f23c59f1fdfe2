import { describe, expect, it } from "vitest";
import { killWhileSending } from "../../../scripts/lib/faults/kill-while-sending.ts";
import { runScenario } from "../../../scripts/lib/faults/scenario.ts";
import { findPostgresBin } from "../../../scripts/lib/throwaway-postgres.ts";

// The cheapest scenario of `npm run faults`, so every change exercises the harness: a real server process killed
// while an approval's registry write is sending, restarted, then chain and database reconciled.
describe.skipIf(!findPostgresBin())("fault injection: the server killed while the outbox sends", () => {
  it("recovers with every approval written on chain once: zero differences, zero duplicates, zero lost", async () => {
    const result = await runScenario(killWhileSending);
    expect(result.injectedAt).toMatch(/^outbox entry \d+ \(kyc\.registerInvestor\) in state sending/);
    expect(result.findings).toEqual([]);
    expect({ differences: result.differences, duplicates: result.duplicates, lost: result.lost, inFlight: result.reconcile.inFlight }).toEqual({ differences: 0, duplicates: 0, lost: 0, inFlight: 0 });
    // Six registry writes, each compared by the outbox area, and the KYC investors by the investors area.
    expect(result.reconcile.checked["outbox writes"]).toBe(6);
    expect(result.reconcile.checked["investors and wallets"]).toBeGreaterThanOrEqual(12);
    expect(result.pass).toBe(true);
    console.log(`kill while sending: ${result.injectedAt}; quiet ${result.recoveryMs} ms after the kill; ${result.seconds} s in all`);
  }, 120_000);
});
