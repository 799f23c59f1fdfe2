import { useConnection } from "wagmi";
import { formatAmount } from "../lib/format.ts";
import { Empty } from "../ui/states.tsx";
import { describeHolding, type Units } from "./buyout.ts";
import type { HolderRow, VaultDetail } from "./chain-reads.ts";

/**
 * Who has what in the vault: each wallet that held shares (and the buyer), its shares, what the buy-out paid it for
 * the shares it sold, and cash the vault keeps for it to claim. A holder always has shares or cash.
 */
export function HoldersTable({ detail: d, share, cash }: { detail: VaultDetail; share: Units; cash: Units | null }) {
  const { address } = useConnection();
  const rows = d.holders.filter((h) => h.shares > 0n || h.sharesOwed > 0n || h.cashClaimable > 0n || h.sharesSold > 0n || isBuyer(d, h));
  const money = (v: bigint) => (cash ? `${formatAmount(v, cash.decimals)} ${cash.symbol}` : v.toString());
  return (
    <section aria-labelledby="holders-heading">
      <h2 id="holders-heading">Who has what</h2>
      {rows.length === 0 ? (
        <Empty>No wallet holds shares of this vault.</Empty>
      ) : (
        <div className="table-scroll">
          <table aria-label="Who has what" className="holders">
            <thead>
              <tr>
                <th scope="col">Wallet</th>
                <th scope="col" className="num">Shares</th>
                <th scope="col" className="wide-only">Sold to the buyer</th>
                <th scope="col" className="num">Cash to claim</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.wallet} data-testid="holder-row" data-wallet={h.wallet}>
                  <td>
                    <code>{h.wallet}</code>
                    {isBuyer(d, h) && <span className="tag">buyer</span>}
                    {address?.toLowerCase() === h.wallet.toLowerCase() && <span className="tag tag-you">you</span>}
                    <div className="field-hint" data-testid="holder-has">{hasText(h, d, share, cash)}</div>
                  </td>
                  <td className="num">{formatAmount(h.shares + h.sharesOwed, share.decimals)}</td>
                  <td className="wide-only">{h.sharesSold > 0n ? `${formatAmount(h.sharesSold, share.decimals)} shares for ${money(h.cashForShares)}` : "–"}</td>
                  <td className="num">{money(h.cashClaimable)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const isBuyer = (d: VaultDetail, h: HolderRow) => d.buyout.buyer.toLowerCase() === h.wallet.toLowerCase();

/** The row in one sentence: what the wallet has now, and what it sold or bought in this vault. */
function hasText(h: HolderRow, d: VaultDetail, share: Units, cash: Units | null): string {
  const now = describeHolding(h, share, cash);
  const sold = h.sharesSold > 0n && cash ? `sold ${formatAmount(h.sharesSold, share.decimals)} shares for ${formatAmount(h.cashForShares, cash.decimals)} ${cash.symbol}` : null;
  const parts = [now ? `has ${now}` : null, sold, ...(isBuyer(d, h) ? buyerParts(d, share, cash) : [])].filter((p): p is string => !!p);
  if (!parts.length) return "Has nothing in this vault.";
  const sentence = parts.join("; ");
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
}

/** The buyer's side: cash still in escrow while the buy-out is open, the shares bought, the certificate once released. */
function buyerParts(d: VaultDetail, share: Units, cash: Units | null): string[] {
  const parts: string[] = [];
  const escrow = (d.info.shares - d.buyout.acquired) * d.buyout.pricePerShare;
  if (d.info.status === 2 && escrow > 0n && cash) parts.push(`has ${formatAmount(escrow, cash.decimals)} ${cash.symbol} in escrow`);
  if (d.buyout.acquired > 0n) parts.push(`bought ${formatAmount(d.buyout.acquired, share.decimals)} shares`);
  if (d.info.status === 3) parts.push("holds the certificate");
  return parts;
}
