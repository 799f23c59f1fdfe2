import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { getAddress, type Address } from "viem";
import { useSignTypedData } from "wagmi";
import { orderTypedData, type MarketOrder } from "../../../lib/market/order.ts";
import { request } from "../api/graphql.ts";
import { formatAmount } from "../lib/format.ts";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import { AmountInput } from "../ui/AmountInput.tsx";
import { Field } from "../ui/Field.tsx";
import { describeMarketError } from "./lib/market-errors.ts";
import { MARKET_KEY, PLACE_ORDER } from "./lib/market-queries.ts";
import { allowanceOf, approveRequest, balanceOf } from "./lib/order-calls.ts";
import { allowanceNeeded, newNonce, readOrderForm, VALIDITY, type OrderFormErrors, type Side } from "./lib/order-form.ts";
import { buildOrder, orderInput } from "./lib/order-input.ts";
import { describeOrder, formatCash } from "./lib/order-words.ts";
import { WalletBalances } from "./WalletBalances.tsx";
import { useMyOrders } from "./use-my-orders.ts";
import type { MarketContext } from "./use-market.ts";

interface Review {
  order: MarketOrder;
  words: string;
  /** The allowance to give the Settlement first, or null when the wallet already allows enough. */
  approve: { asset: Address; amount: bigint; symbol: string; decimals: number } | null;
}

/**
 * Places a limit order in two steps: the order is read and shown in words (and any missing approval named), then the
 * wallet approves if needed and signs the EIP-712 order, and the server places it. A refusal is shown in words next
 * to the form and nothing is placed.
 */
export function PlaceOrderForm({ market }: { market: MarketContext }) {
  const { token, cash, rules } = market;
  const [side, setSide] = useState<Side>("buy");
  const [amount, setAmount] = useState("");
  const [price, setPrice] = useState("");
  const [validity, setValidity] = useState(1);
  const [errors, setErrors] = useState<OrderFormErrors>({});
  const [review, setReview] = useState<Review | null>(null);
  const [refusal, setRefusal] = useState<{ text: string; detail?: string } | null>(null);
  const [placed, setPlaced] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const tx = useTransaction();
  const myOrders = useMyOrders();
  const { signTypedDataAsync } = useSignTypedData();
  const queryClient = useQueryClient();
  const read = readOrderForm({ side, amount, price, token, cash, rules });

  const edit = (apply: () => void) => {
    apply();
    setReview(null);
    setRefusal(null);
    setPlaced(null);
    tx.reset();
  };

  async function prepare(event: FormEvent) {
    event.preventDefault();
    const form = readOrderForm({ side, amount, price, token, cash, rules });
    setErrors(form.ok ? {} : form.errors);
    setPlaced(null);
    setRefusal(null);
    if (!form.ok) return;
    if (!tx.account || !tx.publicClient) return setRefusal({ text: "Connect your wallet first." });
    try {
      const maker = getAddress(tx.account);
      // Validity runs on the chain's clock, which the Settlement and the server use.
      const now = (await tx.publicClient.getBlock({ blockTag: "latest" })).timestamp;
      const order = buildOrder({ maker, side, token: token.address, cashToken: cash.address, amount: form.amount, price: form.price, nonce: newNonce(), expiry: now + BigInt(VALIDITY[validity]!.seconds) });
      const open = (myOrders.data ?? [])
        .filter((o) => o.status === "OPEN" && getAddress(o.token) === token.address && o.side === (side === "buy" ? "BUY" : "SELL"))
        .map((o) => ({ amount: BigInt(o.amount), filled: BigInt(o.filled), price: BigInt(o.price) }));
      const needed = allowanceNeeded(side, form, open, token.decimals);
      const asset = side === "sell" ? token : cash;
      const [allowed, held] = await Promise.all([allowanceOf(tx.publicClient, asset.address, maker, market.settlement), balanceOf(tx.publicClient, asset.address, maker)]);
      if (held < needed) {
        const fmt = (v: bigint) => `${side === "sell" ? formatAmount(v, asset.decimals) : formatCash(v, cash)} ${asset.symbol}`;
        return setRefusal({ text: `Your wallet holds ${fmt(held)}; this order${open.length ? " with your other open " + side + " orders" : ""} needs ${fmt(needed)}.` });
      }
      const words = describeOrder({ side, amount: form.amount, price: form.price, cash: form.cash, expiry: order.expiry, taker: null }, token, cash);
      setReview({ order, words, approve: allowed < needed ? { asset: asset.address, amount: needed, symbol: asset.symbol, decimals: asset.decimals } : null });
    } catch (error) {
      setRefusal(describeMarketError(error));
    }
  }

  async function place() {
    if (!review || !tx.account) return;
    setWorking(true);
    setRefusal(null);
    try {
      if (review.approve) {
        const approved = await tx.send(approveRequest(review.approve.asset, market.settlement, review.approve.amount), { decimals: review.approve.decimals });
        if (approved.status !== "confirmed") return;
      }
      const signature = await signTypedDataAsync({ account: tx.account, ...orderTypedData(review.order, market.chainId, market.settlement) });
      const { placeOrder } = await request(PLACE_ORDER, { order: orderInput(review.order), signature });
      const traded = placeOrder.trades.reduce((sum, t) => sum + BigInt(t.amount), 0n);
      setPlaced(
        traded > 0n
          ? `Order placed: ${formatAmount(traded, token.decimals)} ${token.symbol} traded at once (settling on chain)${BigInt(placeOrder.order.remaining) > 0n ? `, ${formatAmount(placeOrder.order.remaining, token.decimals)} ${token.symbol} rest in the book` : ""}.`
          : `Order placed: it rests in the book until it is matched, cancelled or expires.${placeOrder.skipped.length ? ` ${placeOrder.skipped.length} crossing order(s) were skipped: ${placeOrder.skipped[0]!.reason}.` : ""}`,
      );
      setReview(null);
      setAmount("");
      void queryClient.invalidateQueries({ queryKey: [MARKET_KEY] });
    } catch (error) {
      setRefusal(describeMarketError(error));
    } finally {
      setWorking(false);
    }
  }

  return (
    <section className="panel form" aria-labelledby="place-heading">
      <h2 id="place-heading">Place an order</h2>
      <WalletBalances market={market} />
      <form onSubmit={prepare} noValidate aria-label="Place an order">
        <fieldset className="side-choice">
          <legend>Side</legend>
          {(["buy", "sell"] as const).map((s) => (
            <label key={s} className={`side side-${s}`}>
              <input type="radio" name="side" value={s} checked={side === s} onChange={() => edit(() => setSide(s))} /> {s === "buy" ? `Buy ${token.symbol}` : `Sell ${token.symbol}`}
            </label>
          ))}
        </fieldset>
        <Field label={`Amount (${token.symbol})`} error={errors.amount} hint={`In lots of ${formatAmount(rules.lotSize, token.decimals)} ${token.symbol}.`}>
          <AmountInput value={amount} onChange={(v) => edit(() => setAmount(v))} symbol={token.symbol} />
        </Field>
        <Field label={`Limit price (${cash.symbol} per ${token.symbol})`} error={errors.price} hint={`In steps of ${formatCash(rules.tickSize, cash)} ${cash.symbol}. ${side === "buy" ? "You pay at most this per token." : "You receive at least this per token."}`}>
          <AmountInput value={price} onChange={(v) => edit(() => setPrice(v))} symbol={cash.symbol} />
        </Field>
        <Field label="Valid for">
          <select value={validity} onChange={(e) => edit(() => setValidity(Number(e.target.value)))}>
            {VALIDITY.map((v, i) => <option key={v.label} value={i}>{v.label}</option>)}
          </select>
        </Field>
        <p className="order-total" data-testid="order-total">
          {read.ok ? <>Total: <strong>{formatCash(read.cash, cash)} {cash.symbol}</strong> {side === "buy" ? "at most" : "at least"}</> : "Total: enter an amount and a price"}
        </p>
        {!market.enabled && <p className="error">This market is closed by its issuer: orders are refused until it opens again.</p>}
        <div className="actions">
          <button type="submit" disabled={working || tx.busy}>Review order</button>
        </div>
      </form>
      {review && (
        <div className="order-review" role="region" aria-label="Order to sign" data-testid="order-review">
          <p className="order-words">{review.words}</p>
          {review.approve ? (
            <p className="field-hint">
              First your wallet allows the Settlement contract to move {formatAmount(review.approve.amount, review.approve.decimals)} {review.approve.symbol} (a transaction),
              then you sign the order (a message, no fee). Nothing moves until a trade settles.
            </p>
          ) : (
            <p className="field-hint">Your wallet signs this order as a message (no fee). Nothing moves until a trade settles.</p>
          )}
          <div className="actions">
            <button type="button" className="primary" disabled={working || tx.busy} onClick={() => void place()}>{review.approve ? `Approve ${review.approve.symbol} and sign` : "Sign and place order"}</button>
            <button type="button" className="secondary" disabled={working || tx.busy} onClick={() => edit(() => undefined)}>Change</button>
          </div>
          <TransactionStatus state={tx.state} />
        </div>
      )}
      {refusal && (
        <div role="alert" className="tx tx-failed" data-testid="order-refused">
          <p><strong>Not placed:</strong> {refusal.text}</p>
          {refusal.detail && <p className="field-hint">{refusal.detail}</p>}
        </div>
      )}
      {placed && <p role="status" className="tx tx-confirmed" data-testid="order-placed">{placed}</p>}
    </section>
  );
}
