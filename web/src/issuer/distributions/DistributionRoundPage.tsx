import "./distributions.css";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useOutletContext, useParams } from "react-router";
import { decodeFunctionData, erc20Abi, type Hex } from "viem";
import { ApiError, request } from "../../api/graphql.ts";
import { formatAmount, shortAddress } from "../../lib/format.ts";
import { TransactionStatus } from "../../tx/TransactionStatus.tsx";
import { useTransaction } from "../../tx/use-transaction.ts";
import { Empty, ErrorState, Loading, QueryState } from "../../ui/states.tsx";
import type { IssuerToken } from "../lib/issuer-queries.ts";
import type { TokenOutlet } from "../IssuerTokenPage.tsx";
import { useCashToken, type CashTokenInfo } from "./cash-token.ts";
import { formatRate } from "./declaration-form.ts";
import {
  fetchEntitlements,
  fetchFundingTransactions,
  fetchReclaimTransaction,
  fetchRound,
  PUSH_DISTRIBUTION,
  type Round,
} from "./distribution-queries.ts";
import { roundStatus } from "./DistributionsPanel.tsx";
import { toContractCall, type UnsignedTransaction } from "./unsigned-call.ts";

const PAGE_SIZE = 25;

/**
 * One distribution round for its issuer: the computed totals and entitlements to review, the funding transactions
 * to sign one by one, then the claims as they come in, an optional push payment, and the reclaim after the deadline.
 */
export function DistributionRoundPage() {
  const { token } = useOutletContext<TokenOutlet>();
  const { id } = useParams();
  const round = useQuery({ queryKey: ["distribution", id], queryFn: () => fetchRound(id!), refetchInterval: 3_000 });
  const cash = useCashToken(round.data?.cashToken);

  return (
    <section aria-labelledby="round-heading">
      <p><Link to=".." relative="path">← All distributions of {token.symbol}</Link></p>
      <h2 id="round-heading">Distribution round</h2>
      <QueryState query={round} what="the round">
        {(r) =>
          !cash.info ? (
            cash.failed ? <ErrorState title="The round's cash token does not answer." error={`${r.cashToken} gives no symbol or decimals`} /> : <Loading what="the cash token" />
          ) : (
            <>
              <RoundReview round={r} token={token} cash={cash.info} />
              {r.status === "DECLARED" ? <FundRound round={r} cash={cash.info} /> : <FollowRound round={r} cash={cash.info} />}
              <Entitlements round={r} token={token} cash={cash.info} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function RoundReview({ round: r, token: t, cash }: { round: Round; token: IssuerToken; cash: CashTokenInfo }) {
  const money = (raw: string) => `${formatAmount(raw, cash.decimals)} ${cash.symbol}`;
  return (
    <section aria-label="Entitlements and totals" className="review">
      <h3>Entitlements and totals</h3>
      <p data-testid="round-status">{roundStatus(r)}</p>
      <dl className="details" data-testid="round-totals">
        <dt>Cash token</dt><dd>{cash.symbol} <code>{cash.address}</code></dd>
        <dt>Holders of record</dt><dd>End of block {r.recordBlock}{r.recordTime ? ` (last block at or before ${new Date(Number(r.recordTime) * 1000).toLocaleString()})` : ""}</dd>
        <dt>Claim deadline</dt><dd>{new Date(Number(r.deadline) * 1000).toLocaleString()}</dd>
        <dt>Investors</dt><dd data-testid="investor-count">{r.investorCount}</dd>
        <dt>Eligible supply</dt><dd>{formatAmount(r.eligibleSupply, t.decimals)} {t.symbol} (excluded: {formatAmount(r.excludedBalance, t.decimals)} {t.symbol})</dd>
        <dt>Gross</dt><dd data-testid="gross-total">{money(r.grossTotal)}</dd>
        <dt>Withheld</dt><dd data-testid="withheld-total">{money(r.withheldTotal)}</dd>
        <dt>Net to investors</dt><dd data-testid="net-total">{money(r.netTotal)}</dd>
        <dt>Rounding remainder</dt><dd>{money(r.dust)} (returned to you by the reclaim)</dd>
        <dt>You fund</dt><dd data-testid="funding-total">{money(r.fundingTotal)}</dd>
        <dt>Parameters</dt><dd><a href={r.paramsUri}>params.json</a>: anyone can recompute the round from chain data with it</dd>
      </dl>
    </section>
  );
}

/** What a funding transaction does, in the cash token's units (the server's description counts in raw units). */
function describeFunding(tx: UnsignedTransaction, cash: CashTokenInfo): string {
  try {
    const call = decodeFunctionData({ abi: erc20Abi, data: tx.data as Hex });
    if (call.functionName === "approve") {
      const amount = call.args[1] as bigint;
      return amount === 0n ? "reset the Distributor's allowance of your " + cash.symbol + " to zero (approve)" : `allow the Distributor to take ${formatAmount(amount, cash.decimals)} ${cash.symbol} from your wallet (approve)`;
    }
  } catch {
    // Not an ERC-20 call: the Distributor's fundRound.
  }
  return "fund the round: the Distributor takes the funded total and opens the claims (fundRound)";
}

function FundRound({ round: r, cash }: { round: Round; cash: CashTokenInfo }) {
  // Asked once: after the approval the server would answer fundRound alone, and the steps keep their states.
  const funding = useQuery({ queryKey: ["distribution-funding", r.id], queryFn: () => fetchFundingTransactions(r.id), staleTime: Infinity, retry: false });
  const plan = funding.data ?? null;
  const [done, setDone] = useState(0);
  const { account } = useTransaction();
  const balance = useCashToken(r.cashToken, account);

  return (
    <section aria-labelledby="fund-heading" className="form">
      <h3 id="fund-heading">Fund the round</h3>
      <p>
        Sign these transactions one by one with the wallet that declared the round. Nothing is taken from your wallet before
        you sign. Your {cash.symbol} balance: <span data-testid="funder-balance">{balance.balance === null ? "…" : formatAmount(balance.balance, cash.decimals)}</span>{" "}
        {cash.symbol}; the round needs {formatAmount(r.fundingTotal, cash.decimals)} {cash.symbol}.
      </p>
      {balance.balance !== null && balance.balance < BigInt(r.fundingTotal) && (
        <p role="alert" className="field-error">Your wallet holds less {cash.symbol} than the round needs: the funding would fail.</p>
      )}
      {funding.error ? (
        <ErrorState title="The funding transactions are not available." error={(funding.error as ApiError).hint ? `${(funding.error as Error).message}. ${(funding.error as ApiError).hint}` : funding.error} />
      ) : !plan ? (
        <Loading what="the funding transactions" />
      ) : (
        <ol className="steps">
          {plan.map((tx, i) => (
            <FundingStep key={i} step={i + 1} tx={tx} cash={cash} round={r} ready={i === done} onConfirmed={() => setDone(i + 1)} />
          ))}
        </ol>
      )}
      {plan && done === plan.length && <p role="status">Funded. The round opens for claims once the server indexes the funding block…</p>}
    </section>
  );
}

function FundingStep({ step, tx, cash, round, ready, onConfirmed }: { step: number; tx: UnsignedTransaction; cash: CashTokenInfo; round: Round; ready: boolean; onConfirmed(): void }) {
  const sender = useTransaction();
  const queryClient = useQueryClient();
  const action = describeFunding(tx, cash);
  const [problem, setProblem] = useState<string | null>(null);
  const sign = async () => {
    setProblem(null);
    let call;
    try {
      call = toContractCall(tx, [round.cashToken, round.distributor]);
    } catch (error) {
      return setProblem((error as Error).message);
    }
    const result = await sender.send(call, { decimals: cash.decimals });
    if (result.status === "confirmed") {
      onConfirmed();
      void queryClient.invalidateQueries({ queryKey: ["distribution", round.id] });
    }
  };
  const confirmed = sender.state.status === "confirmed";
  return (
    <li data-testid="funding-step">
      <p><strong>Step {step}:</strong> this will {action}.</p>
      <TransactionStatus state={sender.state} />
      {problem && <p role="alert" className="field-error">{problem}</p>}
      {!confirmed && (
        <button type="button" className="primary" disabled={!ready || sender.busy} onClick={sign}>Sign step {step}</button>
      )}
    </li>
  );
}

function FollowRound({ round: r, cash }: { round: Round; cash: CashTokenInfo }) {
  const money = (raw: string | bigint) => `${formatAmount(raw, cash.decimals)} ${cash.symbol}`;
  const unclaimed = BigInt(r.netTotal) - BigInt(r.claimedTotal);
  return (
    <section aria-labelledby="claims-heading">
      <h3 id="claims-heading">Claims</h3>
      <dl className="details" data-testid="round-claims">
        <dt>Funded</dt><dd>In block {r.fundedBlock}{r.fundedTxHash && <>, transaction <code>{r.fundedTxHash}</code></>}</dd>
        <dt>Claimed</dt><dd data-testid="claimed">{r.claimedCount} of {r.claimableCount} investors, {money(r.claimedTotal)}</dd>
        <dt>Unclaimed</dt><dd data-testid="unclaimed">{money(unclaimed)}</dd>
        <dt>Still in the Distributor</dt><dd data-testid="remaining">{r.remaining === null ? "–" : money(r.remaining)}</dd>
      </dl>
      {r.claimOpen ? (
        <>
          {unclaimed > 0n && <PushPayments round={r} />}
          <p>After the deadline ({new Date(Number(r.deadline) * 1000).toLocaleString()}) you can take back what is left.</p>
        </>
      ) : (
        <Reclaim round={r} cash={cash} />
      )}
    </section>
  );
}

function PushPayments({ round: r }: { round: Round }) {
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const push = async () => {
    setSending(true);
    setAnswer(null);
    try {
      const { pushDistribution: p } = await request(PUSH_DISTRIBUTION, { id: r.id, first: 100 });
      setAnswer({
        ok: true,
        text: p.requested === 0
          ? `Nothing to pay now${p.withoutWallet ? `: ${p.withoutWallet} investor(s) have no linked wallet` : ""}.`
          : `The server is paying ${p.requested} investor(s) in ${p.batches.length} transaction(s)${p.withoutWallet ? `; ${p.withoutWallet} without a linked wallet stay claimable` : ""}.`,
      });
    } catch (error) {
      const e = error as ApiError;
      setAnswer({ ok: false, text: `${e.message}${e.hint ? `. ${e.hint}` : ""}` });
    } finally {
      setSending(false);
    }
  };
  return (
    <div>
      <p className="field-hint">Investors claim themselves; you can also have the server pay the unclaimed ones now, from the round's funds.</p>
      <button type="button" onClick={push} disabled={sending}>Pay unclaimed investors now</button>
      {answer && <p role={answer.ok ? "status" : "alert"} className={answer.ok ? undefined : "field-error"} data-testid="push-answer">{answer.text}</p>}
    </div>
  );
}

function Reclaim({ round: r, cash }: { round: Round; cash: CashTokenInfo }) {
  const reclaim = useQuery({ queryKey: ["distribution-reclaim", r.id], queryFn: () => fetchReclaimTransaction(r.id), refetchInterval: 5_000, enabled: !r.reclaimed });
  const sender = useTransaction();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const left = r.remaining === null ? null : formatAmount(r.remaining, cash.decimals);
  const action = `take back the ${left ?? "rest"} ${cash.symbol} left in the round, to the funder (reclaim)`;
  const sign = async (tx: UnsignedTransaction) => {
    setProblem(null);
    let call;
    try {
      call = toContractCall(tx, [r.distributor]);
    } catch (error) {
      return setProblem((error as Error).message);
    }
    const result = await sender.send(call, { decimals: cash.decimals });
    if (result.status === "confirmed") {
      void queryClient.invalidateQueries({ queryKey: ["distribution", r.id] });
      void queryClient.invalidateQueries({ queryKey: ["distribution-reclaim", r.id] });
    }
  };
  return (
    <section aria-labelledby="reclaim-heading">
      <h3 id="reclaim-heading">Reclaim</h3>
      <p>The claim deadline has passed.</p>
      {r.reclaimed && (
        <p data-testid="reclaimed">
          Reclaimed {formatAmount(r.reclaimed.amount, cash.decimals)} {cash.symbol} to <code>{r.reclaimed.to}</code>, transaction <code>{r.reclaimed.txHash}</code>.
        </p>
      )}
      {sender.state.status !== "idle" ? (
        <TransactionStatus state={sender.state} action={action} />
      ) : r.reclaimed ? null : reclaim.isPending ? (
        <Loading what="the reclaim transaction" />
      ) : reclaim.error ? (
        <ErrorState title="Could not prepare the reclaim." error={reclaim.error} onRetry={() => void reclaim.refetch()} />
      ) : reclaim.data ? (
        <>
          <TransactionStatus state={sender.state} action={action} />
          <button type="button" className="primary" onClick={() => sign(reclaim.data!)} disabled={sender.busy}>Reclaim {left} {cash.symbol}</button>
        </>
      ) : (
        <Empty>Nothing is left to reclaim.</Empty>
      )}
      {problem && <p role="alert" className="field-error">{problem}</p>}
    </section>
  );
}

function Entitlements({ round: r, token: t, cash }: { round: Round; token: IssuerToken; cash: CashTokenInfo }) {
  // Cursors of the pages seen so far: [null] is the first page.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1]!;
  const page = useQuery({ queryKey: ["distribution-entitlements", r.id, after], queryFn: () => fetchEntitlements(r.id, after, PAGE_SIZE), refetchInterval: 5_000 });
  const money = (raw: string) => formatAmount(raw, cash.decimals);
  return (
    <section aria-labelledby="entitlements-heading">
      <h3 id="entitlements-heading">Entitlements</h3>
      <QueryState query={page} what="the entitlements">
        {(p) =>
          p.edges.length === 0 ? (
            <Empty>No investor held {t.symbol} at the record block.</Empty>
          ) : (
            <>
              <div className="table-scroll">
                <table aria-label="Entitlements">
                  <thead>
                    <tr>
                      <th scope="col">Investor</th>
                      <th scope="col" className="num">Held ({t.symbol})</th>
                      <th scope="col" className="num">Rate</th>
                      <th scope="col" className="num">Gross ({cash.symbol})</th>
                      <th scope="col" className="num">Withheld</th>
                      <th scope="col" className="num">Net</th>
                      <th scope="col">Claimed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.edges.map(({ node: e }) => (
                      <tr key={e.investorId} data-testid="entitlement-row">
                        <td><code title={e.investorId}>{shortAddress(e.investorId)}</code></td>
                        <td className="num">{formatAmount(e.recordBalance, t.decimals)}</td>
                        <td className="num">{formatRate(e.withholdingBps)}</td>
                        <td className="num">{money(e.gross)}</td>
                        <td className="num">{money(e.withheld)}</td>
                        <td className="num">{money(e.net)}</td>
                        <td>{e.claimed ? <>Yes{e.claimTxHash && <> (<code title={e.claimTxHash}>{shortAddress(e.claimTxHash)}</code>)</>}</> : e.leafIndex === null ? "Nothing to pay" : "No"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav aria-label="Entitlement pages" className="pager">
                <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous page</button>
                <span>Page {cursors.length}</span>
                <button type="button" disabled={!p.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, p.pageInfo.endCursor])}>Next page</button>
              </nav>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
