import { useState } from "react";
import { erc20Abi, type Address } from "viem";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { formatAmount } from "../lib/format.ts";
import { AmountInput } from "../ui/AmountInput.tsx";
import { parseAmount } from "../ui/amount.ts";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { buyoutDeadline, escrowFor, formatPrice, needsApproval, type Units } from "./buyout.ts";
import type { VaultDetail } from "./chain-reads.ts";
import { useSteps, type Step } from "./use-steps.tsx";
import { approveCall, startBuyoutCall } from "./vault-calls.ts";

/**
 * A verified investor offers to buy every share: the price per share and how long the offer stays open. The whole
 * escrow (every share × price) leaves the buyer's wallet for the vault; the cash is approved only when missing.
 */
export function BuyoutForm({ detail: d, vault, cashAddress, cash, cashBalance }: {
  detail: VaultDetail;
  vault: Address;
  cashAddress: Address;
  cash: Units;
  cashBalance: bigint | null;
}) {
  const maxDays = d.info.maxBuyoutDuration / 86_400n;
  const [price, setPrice] = useState("");
  const [days, setDays] = useState(String(maxDays < 14n ? maxDays : 14n));
  const [errors, setErrors] = useState<{ price?: string; days?: string; form?: string }>({});
  const steps = useSteps();
  const parsed = parseAmount(price, cash.decimals);
  const escrow = parsed.ok ? escrowFor(d.info.shares, parsed.value) : null;

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    steps.reset();
    const next: typeof errors = {};
    if (!parsed.ok) next.price = parsed.error;
    else if (parsed.value < d.info.reservePricePerShare) next.price = `The terms set a reserve price of ${formatPrice(d.info.reservePricePerShare, cash)}: a buy-out may not offer less`;
    const block = await steps.publicClient!.getBlock();
    const deadline = buyoutDeadline(days, block.timestamp, d.info.maxBuyoutDuration);
    if (!deadline.ok) next.days = deadline.error;
    if (escrow !== null && cashBalance !== null && cashBalance < escrow) {
      next.form = `The escrow of ${formatAmount(escrow, cash.decimals)} ${cash.symbol} is more than the ${formatAmount(cashBalance, cash.decimals)} ${cash.symbol} in your wallet`;
    }
    if (next.price || next.days || next.form) return setErrors({ ...next, form: next.form ?? "Nothing was sent: correct the fields marked above." });
    setErrors({});
    if (!parsed.ok || !deadline.ok || escrow === null || !steps.account) return;
    const buyer = steps.account;
    // The share token decides who may hold shares: a buyer it would refuse is told before any approval.
    const eligible = async () =>
      (await steps.publicClient!.readContract({ address: d.token.address, abi: securityTokenAbi, functionName: "canReceive", args: [buyer] }))
        ? ({ allowed: true } as const)
        : ({ allowed: false, code: 3, reason: "only a verified investor the share token accepts can buy the work out, and this wallet is not one", hint: "Complete your onboarding on the Investor page first." } as const);
    const allowance = await steps.publicClient!.readContract({ address: cashAddress, abi: erc20Abi, functionName: "allowance", args: [buyer, vault] });
    const list: Step[] = [];
    if (needsApproval(allowance, escrow)) {
      list.push({ label: `allow the vault to take ${formatAmount(escrow, cash.decimals)} ${cash.symbol} from your wallet (approve)`, call: approveCall(cashAddress, vault, escrow), preflight: eligible });
    }
    list.push({ label: `escrow ${formatAmount(escrow, cash.decimals)} ${cash.symbol} and open the buy-out`, call: startBuyoutCall(vault, d.vaultId, cashAddress, parsed.value, deadline.deadline), preflight: eligible, decimals: cash.decimals });
    await steps.run(list);
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Offer to buy every share">
      <h2>Offer to buy every share</h2>
      <p className="field-hint">
        You escrow cash for all {formatAmount(d.info.shares, d.token.decimals)} shares at once. Holders who tender are paid at once; once{" "}
        {formatAmount(d.info.thresholdShares, d.token.decimals)} shares are yours, the rest are redeemed at the same price and you may take the certificate.
      </p>
      <div className="row">
        <Field label={`Price per share (${cash.symbol})`} error={errors.price} hint={`At least ${formatPrice(d.info.reservePricePerShare, cash)}.`}>
          <AmountInput value={price} onChange={setPrice} symbol={cash.symbol} />
        </Field>
        <TextField label="Open for (days)" value={days} onChange={setDays} error={errors.days} inputMode="numeric" hint={`At most ${maxDays} days.`} />
      </div>
      <p className="field-hint" data-testid="buyout-preview">
        {escrow !== null
          ? `This will escrow ${formatAmount(escrow, cash.decimals)} ${cash.symbol} (${formatAmount(d.info.shares, d.token.decimals)} shares × ${price.trim()} ${cash.symbol}) from your wallet`
          : "Enter a price to see the escrow"}
        {cashBalance !== null && `; you hold ${formatAmount(cashBalance, cash.decimals)} ${cash.symbol}`}.
      </p>
      {errors.form && <p role="alert" className="field-error">{errors.form}</p>}
      <button type="submit" className="primary" disabled={steps.busy}>Escrow the cash and open the buy-out</button>
      {steps.status(<p>The buy-out is open: holders see your offer on this page.</p>)}
    </form>
  );
}
