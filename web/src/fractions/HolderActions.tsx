import { useState } from "react";
import { erc20Abi, type Address } from "viem";
import { formatAmount } from "../lib/format.ts";
import { parseAmount } from "../ui/amount.ts";
import { TextField } from "../ui/TextField.tsx";
import { formatPrice, needsApproval, type BuyoutPhase, type Units } from "./buyout.ts";
import type { HolderRow, VaultDetail } from "./chain-reads.ts";
import { useSteps, type Step } from "./use-steps.tsx";
import { approveCall, checkTender, claimCall, claimSharesCall, redeemCall, tenderCall } from "./vault-calls.ts";

/** Tender shares to the open buy-out: paid at once, under every rule of the share token. */
export function TenderForm({ detail: d, vault, me, share, cash, phase }: { detail: VaultDetail; vault: Address; me: HolderRow; share: Units; cash: Units; phase: BuyoutPhase }) {
  const [amount, setAmount] = useState(formatAmount(me.shares, share.decimals).replace(/,/g, ""));
  const [error, setError] = useState<string | undefined>();
  const steps = useSteps();
  const parsed = parseAmount(amount, share.decimals);
  const pay = parsed.ok ? parsed.value * d.buyout.pricePerShare : null;

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    steps.reset();
    if (!parsed.ok) return setError(parsed.error);
    if (parsed.value > me.shares) return setError(`You hold ${formatAmount(me.shares, share.decimals)} ${share.symbol}`);
    setError(undefined);
    const holder = steps.account!;
    const client = steps.publicClient!;
    const args = { token: d.token.address, vault, holder, shares: parsed.value };
    const allowance = await client.readContract({ address: d.token.address, abi: erc20Abi, functionName: "allowance", args: [holder, vault] });
    const list: Step[] = [];
    if (needsApproval(allowance, parsed.value)) {
      list.push({ label: `allow the vault to take ${amount.trim()} ${share.symbol} (approve)`, call: approveCall(d.token.address, vault, parsed.value), preflight: () => checkTender({ ...args, beforeApproval: true }, client) });
    }
    list.push({ label: `tender ${amount.trim()} ${share.symbol} and receive ${formatAmount(pay!, cash.decimals)} ${cash.symbol}`, call: tenderCall(vault, d.vaultId, parsed.value), preflight: () => checkTender(args, client), decimals: cash.decimals });
    await steps.run(list);
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Tender your shares">
      <h2>Tender your shares</h2>
      <p className="field-hint">
        The buyer offers {formatPrice(d.buyout.pricePerShare, cash)}. You hold {formatAmount(me.shares, share.decimals)} {share.symbol}; the cash reaches your wallet in the same transaction.
        {phase === "unconditional" && " The threshold is reached: shares not tendered can also be redeemed for the same price."}
      </p>
      <TextField label={`Shares to tender (${share.symbol})`} value={amount} onChange={setAmount} error={error} inputMode="numeric" />
      <p className="field-hint" data-testid="tender-preview">{pay !== null ? `This will send ${amount.trim()} ${share.symbol} to the vault and pay you ${formatAmount(pay, cash.decimals)} ${cash.symbol}.` : "Enter a number of shares."}</p>
      <button type="submit" className="primary" disabled={steps.busy}>Tender {share.symbol}</button>
      {steps.status(<p>Tendered: the cash is in your wallet.</p>)}
    </form>
  );
}

/** Past the threshold: a holder's remaining shares are redeemed for cash, which the vault keeps for them to claim. */
export function RedeemOwn({ detail: d, vault, me, share, cash }: { detail: VaultDetail; vault: Address; me: HolderRow; share: Units; cash: Units }) {
  const steps = useSteps();
  const shares = me.shares + me.sharesOwed;
  const credit = shares * d.buyout.pricePerShare;
  const label = `redeem your ${formatAmount(shares, share.decimals)} ${share.symbol} for ${formatAmount(credit, cash.decimals)} ${cash.symbol}`;
  return (
    <section className="form" aria-labelledby="redeem-heading">
      <h2 id="redeem-heading">Redeem your shares</h2>
      <p className="field-hint">The buy-out reached its threshold: your shares are burned and {formatAmount(credit, cash.decimals)} {cash.symbol} is credited to you in the vault, to claim right after.</p>
      <button type="button" className="primary" disabled={steps.busy} onClick={() => void steps.run([{ label, call: redeemCall(vault, d.vaultId, [steps.account!]), decimals: cash.decimals }])}>
        Redeem {formatAmount(shares, share.decimals)} {share.symbol}
      </button>
      {steps.status(<p>Redeemed: claim your cash below.</p>)}
    </section>
  );
}

/** Cash (and shares) the vault keeps for the signed-in wallet, pulled to the wallet. */
export function ClaimPanel({ detail: d, vault, me, share, cash }: { detail: VaultDetail; vault: Address; me: HolderRow; share: Units; cash: Units }) {
  const steps = useSteps();
  const account = steps.account!;
  return (
    <section className="form" aria-labelledby="claim-heading">
      <h2 id="claim-heading">Claim from the vault</h2>
      {me.cashClaimable > 0n && (
        <button type="button" className="primary" disabled={steps.busy} onClick={() => void steps.run([{ label: "claim your cash", call: claimCall(vault, d.cash!, account), decimals: cash.decimals }])}>
          Claim {formatAmount(me.cashClaimable, cash.decimals)} {cash.symbol}
        </button>
      )}{" "}
      {me.sharesOwed > 0n && (
        <button type="button" className="secondary" disabled={steps.busy} onClick={() => void steps.run([{ label: "claim your shares", call: claimSharesCall(vault, d.vaultId, account) }])}>
          Claim {formatAmount(me.sharesOwed, share.decimals)} {share.symbol}
        </button>
      )}
      {steps.status(<p>Claimed: it is in your wallet.</p>)}
    </section>
  );
}
