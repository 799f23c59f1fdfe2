import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useOutletContext } from "react-router";
import { getAddress, isAddress, type Address } from "viem";
import { formatAmount } from "../lib/format.ts";
import { AmountInput } from "../ui/AmountInput.tsx";
import { parseAmount } from "../ui/amount.ts";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { checkMint } from "../tx/preflight.ts";
import { useTransaction } from "../tx/use-transaction.ts";
import type { IssuerToken } from "./lib/issuer-queries.ts";
import { batchMintRequest, mintLockedRequest, mintRequest, parseLockupDate } from "./lib/mint-call.ts";
import { parseMintCsv, type MintCsvResult } from "./lib/mint-csv.ts";
import type { TokenOutlet } from "./IssuerTokenPage.tsx";

/** The token page's "Mint" tab: one mint (optionally locked up) and a batch mint from a CSV file. */
export function MintPanel() {
  const { token } = useOutletContext<TokenOutlet>();
  return (
    <>
      <MintForm token={token} />
      <BatchMintForm token={token} />
    </>
  );
}

function MintForm({ token: t }: { token: IssuerToken }) {
  const [wallet, setWallet] = useState("");
  const [amount, setAmount] = useState("");
  const [lockup, setLockup] = useState("");
  const [errors, setErrors] = useState<{ wallet?: string; amount?: string; lockup?: string }>({});
  const tx = useTransaction();
  const queryClient = useQueryClient();

  // What the transaction will do, in words, as soon as the fields say it.
  const parsedAmount = parseAmount(amount, t.decimals);
  const parsedLockup = parseLockupDate(lockup, new Date());
  const preview =
    isAddress(wallet.trim()) && parsedAmount.ok && parsedLockup.ok
      ? `This will mint ${formatAmount(parsedAmount.value, t.decimals)} ${t.symbol} to ${getAddress(wallet.trim())}` +
        (parsedLockup.releaseTime ? `, locked until ${lockup.trim()} (UTC), with mintLocked.` : ", with mint.")
      : null;

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!isAddress(wallet.trim())) next.wallet = "Enter the investor's wallet address (0x followed by 40 hex digits)";
    const parsed = parseAmount(amount, t.decimals);
    if (!parsed.ok) next.amount = parsed.error;
    const release = parseLockupDate(lockup, new Date());
    if (!release.ok) next.lockup = release.error;
    setErrors(next);
    if (next.wallet || !parsed.ok || !release.ok) return;
    if (!tx.publicClient) return void setErrors({ ...next, wallet: "Connect your wallet first" });
    const to = getAddress(wallet.trim()) as Address;
    const call = release.releaseTime ? mintLockedRequest(t.address, to, parsed.value, release.releaseTime) : mintRequest(t.address, to, parsed.value);
    const result = await tx.send(call, {
      decimals: t.decimals,
      preflight: () => checkMint({ token: t.address, to, amount: parsed.value }, tx.publicClient!),
    });
    if (result.status === "confirmed") void queryClient.invalidateQueries({ queryKey: ["issuer-token"] });
  };

  return (
    <section aria-labelledby="mint-heading" className="form">
      <h2 id="mint-heading">Mint</h2>
      <form onSubmit={onSubmit} noValidate aria-label="Mint">
        <TextField label="Investor wallet" value={wallet} onChange={setWallet} error={errors.wallet} placeholder="0x…" />
        <Field label={`Amount (${t.symbol})`} error={errors.amount} hint={`In token units, up to ${t.decimals} decimals.`}>
          <AmountInput value={amount} onChange={setAmount} symbol={t.symbol} />
        </Field>
        <Field label="Locked until (optional)" error={errors.lockup} hint="The tokens cannot move before the start of this day (UTC). Leave empty for no lock-up.">
          <input type="date" value={lockup} onChange={(e) => setLockup(e.target.value)} />
        </Field>
        <p className="field-hint" data-testid="mint-preview">
          {preview ?? "Fill in the wallet and the amount to see what the transaction will do."} Before your wallet opens, the token is asked whether it would accept this mint.
        </p>
        <button type="submit" className="primary" disabled={tx.busy}>Mint {t.symbol}</button>
      </form>
      <TransactionStatus state={tx.state} />
    </section>
  );
}

function BatchMintForm({ token: t }: { token: IssuerToken }) {
  const [csv, setCsv] = useState<{ name: string; result: MintCsvResult } | null>(null);
  const tx = useTransaction();
  const queryClient = useQueryClient();
  const bad = csv ? csv.result.fileErrors.length > 0 || csv.result.rows.some((r) => r.errors.length > 0) : true;

  const send = async () => {
    if (!csv || bad || !tx.publicClient) return;
    const mints = csv.result.mints;
    const result = await tx.send(batchMintRequest(t.address, mints), {
      decimals: t.decimals,
      // Every row is asked first; the first refused row stops the batch before the wallet opens.
      preflight: async () => {
        for (const [i, m] of mints.entries()) {
          const answer = await checkMint({ token: t.address, to: m.wallet, amount: m.amount }, tx.publicClient!);
          if (!answer.allowed) return { ...answer, reason: `line ${csv.result.rows[i]!.line} (${m.wallet}): ${answer.reason}` };
        }
        return { allowed: true };
      },
    });
    if (result.status === "confirmed") void queryClient.invalidateQueries({ queryKey: ["issuer-token"] });
  };

  return (
    <section aria-labelledby="batch-heading" className="form">
      <h2 id="batch-heading">Batch mint (CSV)</h2>
      <p className="field-hint">A file with the header <code>wallet,amount</code> and one line per wallet; amounts in {t.symbol}, up to {t.decimals} decimals.</p>
      <Field label="CSV file">
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            tx.reset();
            setCsv(file ? { name: file.name, result: parseMintCsv(await file.text(), t.decimals) } : null);
          }}
        />
      </Field>
      {csv && (
        <>
          {csv.result.fileErrors.map((error) => <p key={error} role="alert" className="field-error">{error}</p>)}
          {csv.result.rows.length > 0 && (
            <div className="table-scroll">
            <table aria-label="Batch mint preview">
              <thead><tr><th scope="col">Line</th><th scope="col">Wallet</th><th scope="col" className="num">Amount</th><th scope="col">Check</th></tr></thead>
              <tbody>
                {csv.result.rows.map((row) => (
                  <tr key={row.line} className={row.errors.length ? "row-bad" : undefined}>
                    <td>{row.line}</td>
                    <td><code>{row.wallet}</code></td>
                    <td className="num">{row.mint ? formatAmount(row.mint.amount, t.decimals) : row.amountText}</td>
                    <td>
                      {row.errors.length ? (
                        <ul className="field-error row-errors" aria-label={`Line ${row.line}`}>
                          {row.errors.map((e) => <li key={e}>Line {row.line}: {e}</li>)}
                        </ul>
                      ) : "OK"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
          {bad ? (
            <p role="alert" className="field-error">Nothing can be sent while any line is wrong: fix the file and choose it again.</p>
          ) : (
            <p>{wallets(csv.result.mints.length)}, {formatAmount(csv.result.total, t.decimals)} {t.symbol} in total, in one <code>batchMint</code> transaction.</p>
          )}
          <button type="button" className="primary" disabled={bad || tx.busy} onClick={send}>Mint to {wallets(csv.result.rows.length)}</button>
        </>
      )}
      <TransactionStatus state={tx.state} />
    </section>
  );
}

const wallets = (n: number) => `${n} wallet${n === 1 ? "" : "s"}`;
