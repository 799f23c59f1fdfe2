import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import { formatAmount, shortAddress } from "../../lib/format.ts";
import { TransactionStatus } from "../../tx/TransactionStatus.tsx";
import { checkTransfer } from "../../tx/preflight.ts";
import { useTransaction } from "../../tx/use-transaction.ts";
import { AmountInput } from "../../ui/AmountInput.tsx";
import { Field } from "../../ui/Field.tsx";
import { TextField } from "../../ui/TextField.tsx";
import { readTransferForm, transferRequest, type TransferFormErrors } from "./transfer-form.ts";

export interface PortfolioToken {
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
}

/**
 * Sends tokens from the connected wallet. The token is asked first (the server's transferRestriction): a transfer it
 * would refuse shows its reason and the wallet never opens.
 */
export function TransferForm({ token, free, onConfirmed }: { token: PortfolioToken; free: bigint | null; onConfirmed(): void }) {
  const [recipient, setRecipient] = useState("");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<TransferFormErrors>({});
  const tx = useTransaction();
  const read = readTransferForm({ recipient, amount, from: tx.account, decimals: token.decimals });
  const action = read.ok && tx.account
    ? `transfer ${formatAmount(read.amount, token.decimals)} ${token.symbol} from ${shortAddress(tx.account)} to ${read.to}`
    : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const form = readTransferForm({ recipient, amount, from: tx.account, decimals: token.decimals });
    setErrors(form.ok ? {} : form.errors);
    if (!form.ok) {
      tx.reset();
      return;
    }
    const from = tx.account;
    const result = await tx.send(transferRequest(token.address, form.to, form.amount), {
      decimals: token.decimals,
      preflight: from ? () => checkTransfer({ token: token.address, from, to: form.to, amount: form.amount }) : undefined,
    });
    if (result.status === "confirmed") {
      setAmount("");
      onConfirmed();
    }
  }

  const titleId = `transfer-${token.address}`;
  return (
    <section className="form" aria-labelledby={titleId}>
      <h3 id={titleId}>Transfer {token.symbol}</h3>
      <form onSubmit={submit} noValidate aria-label={`Transfer ${token.symbol}`}>
        <TextField label="Recipient wallet" value={recipient} onChange={setRecipient} error={errors.recipient} placeholder="0x…" />
        <Field
          label={`Amount (${token.symbol})`}
          error={errors.amount}
          hint={free === null ? `In token units, up to ${token.decimals} decimals.` : `Free to move from the connected wallet: ${formatAmount(free, token.decimals)} ${token.symbol}.`}
        >
          <AmountInput value={amount} onChange={setAmount} symbol={token.symbol} />
        </Field>
        <p className="field-hint">Before your wallet opens, the token is asked whether it would accept this transfer.</p>
        <div className="actions">
          <button type="submit" disabled={tx.busy}>Send {token.symbol}</button>
        </div>
      </form>
      <TransactionStatus state={tx.state} action={action} />
    </section>
  );
}
