import { formatAmount, shortAddress } from "../lib/format.ts";

export interface TokenRow {
  address: string;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: string;
}

export function TokenTable({ tokens }: { tokens: TokenRow[] }) {
  if (tokens.length === 0) return <p>No tokens issued yet.</p>;
  return (
    <table aria-label="Security tokens">
      <thead>
        <tr><th>Name</th><th>Symbol</th><th>Address</th><th className="num">Total supply</th></tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.address} data-testid="token-row">
            <td>{t.name}</td>
            <td>{t.symbol}</td>
            <td><code title={t.address}>{shortAddress(t.address)}</code></td>
            <td className="num">{formatAmount(t.totalSupply, t.decimals)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
