import "./distributions.css";
import { useQuery } from "@tanstack/react-query";
import { Link, useOutletContext } from "react-router";
import { formatAmount } from "../../lib/format.ts";
import { Empty, QueryState } from "../../ui/states.tsx";
import type { TokenOutlet } from "../IssuerTokenPage.tsx";
import { useCashToken } from "./cash-token.ts";
import { DeclareDistributionForm } from "./DeclareDistributionForm.tsx";
import { fetchRounds, type Round } from "./distribution-queries.ts";

/** The token page's "Distributions" tab: the token's rounds, newest first, and the declaration form. */
export function DistributionsPanel() {
  const { token } = useOutletContext<TokenOutlet>();
  const rounds = useQuery({ queryKey: ["distributions", token.address], queryFn: () => fetchRounds(token.address), refetchInterval: 5_000 });
  return (
    <>
      <section aria-labelledby="rounds-heading">
        <h2 id="rounds-heading">Distributions</h2>
        <QueryState query={rounds} what="the distributions">
          {(list) =>
            list.length === 0 ? (
              <Empty>No distribution has been declared for {token.symbol} yet.</Empty>
            ) : (
              <div className="table-scroll clip-hidden">
                <table aria-label="Distribution rounds">
                  <thead>
                    <tr>
                      <th scope="col">Declared</th>
                      <th scope="col" className="num">Amount</th>
                      <th scope="col">Status</th>
                      <th scope="col">Claimed</th>
                      <th scope="col"><span className="visually-hidden">Open</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((round) => <RoundRow key={round.id} round={round} />)}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
      </section>
      <DeclareDistributionForm token={token} />
    </>
  );
}

function RoundRow({ round }: { round: Round }) {
  const cash = useCashToken(round.cashToken);
  return (
    <tr data-testid="round-row">
      <td>{new Date(round.createdAt).toLocaleString()}</td>
      <td className="num">{cash.info ? `${formatAmount(round.amount, cash.info.decimals)} ${cash.info.symbol}` : "…"}</td>
      <td>{roundStatus(round)}</td>
      <td>{round.claimedCount} of {round.claimableCount}</td>
      <td><Link to={round.id}>Open round<span className="visually-hidden"> declared {new Date(round.createdAt).toLocaleString()}</span></Link></td>
    </tr>
  );
}

/** "Declared: not funded yet", "Open until …", "Closed on …", "Reclaimed". */
export function roundStatus(round: Pick<Round, "status" | "claimOpen" | "deadline" | "reclaimed">): string {
  const deadline = new Date(Number(round.deadline) * 1000).toLocaleString();
  if (round.status === "DECLARED") return "Declared: not funded yet";
  if (round.reclaimed) return `Closed on ${deadline}; the rest reclaimed`;
  return round.claimOpen ? `Open for claims until ${deadline}` : `Closed on ${deadline}`;
}
