import type { Address } from "viem";
import { formatAmount } from "../lib/format.ts";
import type { BuyoutPhase, Units } from "./buyout.ts";
import type { VaultDetail } from "./chain-reads.ts";
import { useSteps } from "./use-steps.tsx";
import { cancelCall, expireCall, redeemCall, releaseCall } from "./vault-calls.ts";

/**
 * What the buyer (and, for the last two, anyone) can do: redeem every remaining holder past the threshold, take the
 * certificate once every share is in, cancel before the threshold, or end a buy-out past its deadline.
 */
export function BuyerActions({ detail: d, vault, phase, isBuyer, share, cash }: { detail: VaultDetail; vault: Address; phase: BuyoutPhase; isBuyer: boolean; share: Units; cash: Units }) {
  const steps = useSteps();
  const remaining = d.holders.filter((h) => h.shares > 0n || h.sharesOwed > 0n);
  const remainingShares = remaining.reduce((sum, h) => sum + h.shares + h.sharesOwed, 0n);
  const refund = (d.info.shares - d.buyout.acquired) * d.buyout.pricePerShare;
  const send = (label: string, call: Parameters<typeof steps.run>[0][number]["call"]) => void steps.run([{ label, call, decimals: cash.decimals }]);

  if (phase === "unconditional" && remaining.length > 0) {
    return (
      <section className="form" aria-labelledby="redeem-rest-heading">
        <h2 id="redeem-rest-heading">Redeem the remaining holders</h2>
        <p className="field-hint">
          {remaining.length} holder{remaining.length === 1 ? "" : "s"} still hold{remaining.length === 1 ? "s" : ""} {formatAmount(remainingShares, share.decimals)} {share.symbol}.
          Redeeming burns them and credits each holder {formatAmount(d.buyout.pricePerShare, cash.decimals)} {cash.symbol} per share from your escrow; anyone may do it.
        </p>
        <button type="button" className="secondary" disabled={steps.busy} onClick={() => send("redeem every remaining holder", redeemCall(vault, d.vaultId, remaining.map((h) => h.wallet)))}>
          Redeem {formatAmount(remainingShares, share.decimals)} {share.symbol} of {remaining.length} holder{remaining.length === 1 ? "" : "s"}
        </button>
        {steps.status()}
      </section>
    );
  }
  if (phase === "complete" && isBuyer) {
    return (
      <section className="form" aria-labelledby="release-heading">
        <h2 id="release-heading">Take the certificate</h2>
        <p className="field-hint">Every share is yours: the vault burns them, closes the share token and sends you the certificate.</p>
        <button type="button" className="primary" disabled={steps.busy} onClick={() => send("release the certificate to your wallet", releaseCall(vault, d.vaultId, steps.account!))}>
          Release the certificate to my wallet
        </button>
        {steps.status(<p>Released: the certificate is in your wallet.</p>)}
      </section>
    );
  }
  if (phase === "open" && isBuyer) {
    return (
      <section className="form" aria-labelledby="cancel-heading">
        <h2 id="cancel-heading">Cancel the buy-out</h2>
        <p className="field-hint">
          Before the threshold you may withdraw: {formatAmount(refund, cash.decimals)} {cash.symbol} of escrow becomes yours to claim, and the{" "}
          {formatAmount(d.buyout.acquired, share.decimals)} shares tendered so far stay yours.
        </p>
        <button type="button" className="secondary" disabled={steps.busy} onClick={() => send("cancel the buy-out", cancelCall(vault, d.vaultId))}>Cancel the buy-out</button>
        {steps.status()}
      </section>
    );
  }
  if (phase === "expired") {
    return (
      <section className="form" aria-labelledby="expire-heading">
        <h2 id="expire-heading">End the expired buy-out</h2>
        <p className="field-hint">The deadline passed before the threshold: anyone may end it. The buyer gets {formatAmount(refund, cash.decimals)} {cash.symbol} back to claim and keeps the shares tendered.</p>
        <button type="button" className="secondary" disabled={steps.busy} onClick={() => send("end the buy-out", expireCall(vault, d.vaultId))}>End the buy-out</button>
        {steps.status()}
      </section>
    );
  }
  return null;
}
