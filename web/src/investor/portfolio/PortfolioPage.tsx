import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getAddress, type Address } from "viem";
import { useConnection, usePublicClient } from "wagmi";
import { request } from "../../api/graphql.ts";
import { formatAmount, shortAddress } from "../../lib/format.ts";
import { Empty, ErrorState, Loading } from "../../ui/states.tsx";
import { MY_WALLETS, PORTFOLIO_TOKENS } from "../investor-queries.ts";
import { formatReleaseTime, holdsAnything, positionOf, totalPosition, type Position } from "./position.ts";
import { readHoldings } from "./read-holdings.ts";
import { TransferForm, type PortfolioToken } from "./TransferForm.tsx";
import { MarketValue } from "./MarketValue.tsx";

type Holding = { token: PortfolioToken; wallets: { wallet: Address; position: Position }[]; total: Position };

/** How often the portfolio is read again, so a confirmed transaction shows without a reload. */
const REFRESH_MS = 4_000;

/** Every token the investor's wallets hold: balance, frozen, locked with release dates, free to move; and a transfer. */
export function PortfolioPage() {
  const { address } = useConnection();
  const publicClient = usePublicClient();
  const queryClient = useQueryClient();
  const wallets = useQuery({ queryKey: ["myWallets"], queryFn: () => request(MY_WALLETS) });
  const tokens = useQuery({ queryKey: ["portfolioTokens"], queryFn: () => request(PORTFOLIO_TOKENS) });
  const walletList = investorWallets(wallets.data?.myApplication?.wallets ?? [], address);

  const holdings = useQuery({
    queryKey: ["portfolio", walletList, tokens.data?.tokens.map((t) => t.address)],
    enabled: !!publicClient && wallets.isSuccess && tokens.isSuccess,
    refetchInterval: REFRESH_MS,
    queryFn: async (): Promise<Holding[]> => {
      // Lock-ups end by the chain's clock, not the browser's.
      const chainTime = (await publicClient!.getBlock({ blockTag: "latest" })).timestamp;
      const all = await Promise.all(
        tokens.data!.tokens.map(async (t) => {
          const token: PortfolioToken = { address: t.address as Address, name: t.name, symbol: t.symbol, decimals: t.decimals };
          const read = await readHoldings(publicClient!, token.address, walletList);
          const perWallet = read.map((h) => ({ wallet: h.wallet, position: positionOf(h, chainTime) }));
          return { token, wallets: perWallet, total: totalPosition(perWallet.map((w) => w.position)) };
        }),
      );
      return all.filter((h) => holdsAnything(h.wallets.map((w) => w.position)));
    },
  });

  const failed = wallets.error ?? tokens.error ?? holdings.error;
  return (
    <section>
      <h1>Portfolio</h1>
      <p>
        Your holdings in every wallet linked to you ({walletList.length === 1 ? "1 wallet" : `${walletList.length} wallets`}), read from the tokens.
        Transfers are sent from the connected wallet{address ? <> (<code>{shortAddress(address)}</code>)</> : null}.
      </p>
      {failed ? (
        <ErrorState title="Could not load your portfolio." error={failed} onRetry={() => void Promise.all([wallets.refetch(), tokens.refetch(), holdings.refetch()])} />
      ) : !holdings.data ? (
        <Loading what="your portfolio" />
      ) : holdings.data.length === 0 ? (
        <Empty>You hold no tokens yet. Once you are verified, an issuer can mint tokens to your wallet, or another investor can transfer them to you.</Empty>
      ) : (
        holdings.data.map((h) => (
          <HoldingCard key={h.token.address} holding={h} connected={address} onConfirmed={() => void queryClient.invalidateQueries({ queryKey: ["portfolio"] })} />
        ))
      )}
    </section>
  );
}

/** The investor's wallets: every linked one, and the connected one even before it is linked to an application. */
export function investorWallets(linked: readonly string[], connected: Address | undefined): Address[] {
  const all = [...linked, ...(connected ? [connected] : [])].map((w) => getAddress(w));
  return [...new Set(all)];
}

function HoldingCard({ holding: { token, wallets, total }, connected, onConfirmed }: { holding: Holding; connected: Address | undefined; onConfirmed(): void }) {
  const amount = (value: bigint) => `${formatAmount(value, token.decimals)} ${token.symbol}`;
  const titleId = `holding-${token.address}`;
  const fromConnected = connected ? wallets.find((w) => w.wallet === getAddress(connected))?.position.free ?? 0n : null;
  return (
    <article className="holding" aria-labelledby={titleId} data-testid="holding" data-token={token.symbol}>
      <h2 id={titleId}>{token.name} ({token.symbol})</h2>
      <dl className="holding-summary">
        <div><dt>Balance</dt><dd data-testid="balance">{amount(total.balance)}</dd></div>
        <div><dt>Frozen</dt><dd data-testid="frozen">{amount(total.frozen)}</dd></div>
        <div><dt>Locked</dt><dd data-testid="locked">{amount(total.locked)}</dd></div>
        <div><dt>Free to move</dt><dd data-testid="free">{amount(total.free)}</dd></div>
      </dl>
      {total.releases.length > 0 && (
        <>
          <h3 className="visually-hidden">Lock-up releases</h3>
          <ul className="releases" aria-label={`${token.symbol} lock-up releases`} data-testid="releases">
            {total.releases.map((r) => (
              <li key={r.releaseTime.toString()}>{amount(r.amount)} locked until {formatReleaseTime(r.releaseTime)}</li>
            ))}
          </ul>
        </>
      )}
      {wallets.some((w) => w.position.walletFrozen) && (
        <p className="error">A wallet of yours is frozen on this token: it can send nothing until the issuer unfreezes it.</p>
      )}
      <MarketValue token={token} balance={total.balance} />
      {wallets.length > 1 && (
        <div className="table-scroll">
          <table aria-label={`${token.symbol} by wallet`}>
            <thead>
              <tr><th scope="col">Wallet</th><th scope="col" className="num">Balance</th><th scope="col" className="num">Frozen</th><th scope="col" className="num">Locked</th><th scope="col" className="num">Free</th></tr>
            </thead>
            <tbody>
              {wallets.map(({ wallet, position: p }) => (
                <tr key={wallet}>
                  <td><code title={wallet}>{shortAddress(wallet)}</code>{p.walletFrozen ? " (frozen)" : ""}</td>
                  <td className="num">{formatAmount(p.balance, token.decimals)}</td>
                  <td className="num">{formatAmount(p.frozen, token.decimals)}</td>
                  <td className="num">{formatAmount(p.locked, token.decimals)}</td>
                  <td className="num">{formatAmount(p.free, token.decimals)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TransferForm token={token} free={fromConnected} onConfirmed={onConfirmed} />
    </article>
  );
}
