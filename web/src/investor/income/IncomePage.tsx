import "../../issuer/distributions/distributions.css";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { getAddress, type Address } from "viem";
import { ApiError } from "../../api/graphql.ts";
import { formatAmount } from "../../lib/format.ts";
import { TransactionStatus } from "../../tx/TransactionStatus.tsx";
import { useTransaction } from "../../tx/use-transaction.ts";
import { Empty, ErrorState, Loading } from "../../ui/states.tsx";
import { useCashToken, type CashTokenInfo } from "../../issuer/distributions/cash-token.ts";
import { formatRate } from "../../issuer/distributions/declaration-form.ts";
import { toContractCall } from "../../issuer/distributions/unsigned-call.ts";
import { claimState, fetchMyClaims, type IncomeToken, type MyClaim } from "./income-queries.ts";

/**
 * The investor's income: the cash received, rounds to claim with one click (gross, withheld, net in the cash token's
 * units), and past claims with their transactions.
 */
export function IncomePage() {
  const claims = useInfiniteQuery({
    queryKey: ["my-claims"],
    queryFn: ({ pageParam }) => fetchMyClaims(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : undefined),
    refetchInterval: 5_000,
    retry: (count, error) => !(error instanceof ApiError && error.code === "INVESTOR_NOT_VERIFIED") && count < 2,
  });

  return (
    <section className="income">
      <h1>Income</h1>
      {claims.isPending ? (
        <Loading what="your income" />
      ) : claims.error ? (
        claims.error instanceof ApiError && claims.error.code === "INVESTOR_NOT_VERIFIED" ? (
          <Empty>Income from the tokens you hold appears here once you are a verified investor. <Link to="/investor">Complete your onboarding</Link>.</Empty>
        ) : (
          <ErrorState title="Could not load your income." error={claims.error} onRetry={() => void claims.refetch()} />
        )
      ) : (
        <IncomeLists
          claims={claims.data.pages.flatMap((p) => p.claims)}
          tokens={claims.data.pages[0]!.tokens}
          more={claims.hasNextPage ? () => void claims.fetchNextPage() : null}
        />
      )}
    </section>
  );
}

function IncomeLists({ claims, tokens, more }: { claims: MyClaim[]; tokens: IncomeToken[]; more: (() => void) | null }) {
  const tokenOf = (address: string) => tokens.find((t) => t.address.toLowerCase() === address.toLowerCase());
  const claimable = claims.filter((c) => claimState(c) === "claimable");
  const past = claims.filter((c) => claimState(c) === "claimed");
  const other = claims.filter((c) => ["not-funded", "closed"].includes(claimState(c)));
  const cashTokens = [...new Set(claims.map((c) => c.distribution.cashToken.toLowerCase()))] as Address[];
  // One claim at a time; its status stays on the page after the round moves to the past claims.
  const sender = useTransaction();
  const [active, setActive] = useState<string | null>(null);
  const activeListed = claimable.some((c) => c.distribution.id === active);

  if (claims.length === 0) {
    return <Empty>No distribution has been declared for the tokens you held yet. When one is, you claim it here.</Empty>;
  }
  return (
    <>
      <section aria-labelledby="cash-heading">
        <h2 id="cash-heading">Cash in your wallet</h2>
        <ul className="cash-balances">
          {cashTokens.map((address) => <CashBalance key={address} address={address} />)}
        </ul>
      </section>

      <section aria-labelledby="claimable-heading">
        <h2 id="claimable-heading">To claim</h2>
        {active && !activeListed && (
          <TransactionStatus state={sender.state} confirmed={() => <p>Claimed: the cash is in your wallet, and the round is under Past claims.</p>} />
        )}
        {claimable.length === 0 ? (
          <Empty>Nothing to claim now.</Empty>
        ) : (
          <ul className="claim-list">
            {claimable.map((c) => (
              <ClaimableRound
                key={c.distribution.id}
                claim={c}
                token={tokenOf(c.distribution.token)}
                sender={sender}
                active={active === c.distribution.id}
                onClaim={() => setActive(c.distribution.id)}
              />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="past-heading">
        <h2 id="past-heading">Past claims</h2>
        {past.length === 0 ? (
          <Empty>You have not claimed any distribution yet.</Empty>
        ) : (
          <div className="table-scroll">
            <table aria-label="Past claims">
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col" className="num">Gross</th>
                  <th scope="col" className="num">Withheld</th>
                  <th scope="col" className="num">Net</th>
                  <th scope="col">Paid to</th>
                  <th scope="col">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {past.map((c) => <PastClaim key={c.distribution.id} claim={c} token={tokenOf(c.distribution.token)} />)}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {other.length > 0 && (
        <section aria-labelledby="other-heading">
          <h2 id="other-heading">Not claimable</h2>
          <ul className="claim-list">
            {other.map((c) => <OtherRound key={c.distribution.id} claim={c} token={tokenOf(c.distribution.token)} />)}
          </ul>
        </section>
      )}
      {more && <button type="button" onClick={more}>Show older rounds</button>}
    </>
  );
}

function CashBalance({ address }: { address: Address }) {
  const { account } = useTransaction();
  const cash = useCashToken(address, account);
  return (
    <li data-testid="cash-balance">
      {cash.info && cash.balance !== null ? (
        <><strong>{formatAmount(cash.balance, cash.info.decimals)} {cash.info.symbol}</strong> <small>(<code>{getAddress(address)}</code>)</small></>
      ) : cash.failed ? (
        <>The cash token <code>{address}</code> does not answer.</>
      ) : (
        <>Reading <code>{address}</code>…</>
      )}
    </li>
  );
}

/** Gross, withheld (rate) and net, in the cash token's units. */
function Amounts({ claim: c, cash }: { claim: MyClaim; cash: CashTokenInfo }) {
  const money = (raw: string) => `${formatAmount(raw, cash.decimals)} ${cash.symbol}`;
  return (
    <dl className="details">
      <dt>Gross</dt><dd>{money(c.gross)}</dd>
      <dt>Withheld</dt><dd>{money(c.withheld)} ({formatRate(c.withholdingBps)})</dd>
      <dt>Net</dt><dd data-testid="claim-net">{money(c.net)}</dd>
    </dl>
  );
}

const roundTitle = (c: MyClaim, token: IncomeToken | undefined) =>
  `${token ? `${token.name} (${token.symbol})` : c.distribution.token}, declared ${new Date(c.distribution.createdAt).toLocaleDateString()}`;

function ClaimableRound({ claim: c, token, sender, active, onClaim }: {
  claim: MyClaim;
  token: IncomeToken | undefined;
  sender: ReturnType<typeof useTransaction>;
  active: boolean;
  onClaim(): void;
}) {
  const cash = useCashToken(c.distribution.cashToken);
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = `claim-${c.distribution.id}`;
  if (!cash.info) return <li>{cash.failed ? "The round's cash token does not answer." : <Loading what="the cash token" />}</li>;
  const net = `${formatAmount(c.net, cash.info.decimals)} ${cash.info.symbol}`;
  const claim = async () => {
    setProblem(null);
    onClaim();
    sender.reset();
    let call;
    try {
      call = toContractCall(c.claimTransaction!, [c.distribution.distributor]);
    } catch (error) {
      return setProblem((error as Error).message);
    }
    const result = await sender.send(call, { decimals: cash.info!.decimals });
    if (result.status === "confirmed") void queryClient.invalidateQueries({ queryKey: ["my-claims"] });
  };
  return (
    <li className="claim-card" data-testid="claimable-round">
      <h3 id={headingId}>{roundTitle(c, token)}</h3>
      <p>Open until {new Date(Number(c.distribution.deadline) * 1000).toLocaleString()}.</p>
      <Amounts claim={c} cash={cash.info} />
      <TransactionStatus state={active ? sender.state : { status: "idle" }} action={`send ${net} to your wallet ${sender.account ?? ""} from the Distributor (claim)`} />
      {problem && <p role="alert" className="field-error">{problem}</p>}
      {!(active && sender.state.status === "confirmed") && (
        <button type="button" className="primary" onClick={claim} disabled={sender.busy}>Claim {net}</button>
      )}
    </li>
  );
}

function PastClaim({ claim: c, token }: { claim: MyClaim; token: IncomeToken | undefined }) {
  const cash = useCashToken(c.distribution.cashToken);
  const money = (raw: string) => (cash.info ? `${formatAmount(raw, cash.info.decimals)} ${cash.info.symbol}` : "…");
  return (
    <tr data-testid="past-claim">
      <td>{roundTitle(c, token)}</td>
      <td className="num">{money(c.gross)}</td>
      <td className="num">{money(c.withheld)}</td>
      <td className="num">{money(c.net)}</td>
      <td>{c.claimWallet ? <code>{c.claimWallet}</code> : "–"}</td>
      <td>{c.claimTxHash ? <code>{c.claimTxHash}</code> : "–"}</td>
    </tr>
  );
}

function OtherRound({ claim: c, token }: { claim: MyClaim; token: IncomeToken | undefined }) {
  const cash = useCashToken(c.distribution.cashToken);
  const state = claimState(c);
  return (
    <li className="claim-card">
      <h3>{roundTitle(c, token)}</h3>
      <p>
        {state === "not-funded"
          ? "Declared: you can claim once the issuer funds it."
          : `Closed on ${new Date(Number(c.distribution.deadline) * 1000).toLocaleString()} without a claim: the issuer takes back what was not claimed.`}
      </p>
      {cash.info && <Amounts claim={c} cash={cash.info} />}
    </li>
  );
}
