import type { Address } from "viem";
import { useConnection } from "wagmi";
import { Empty } from "../ui/states.tsx";
import type { BuyoutPhase, Units } from "./buyout.ts";
import { BuyerActions } from "./BuyerActions.tsx";
import { BuyoutForm } from "./BuyoutForm.tsx";
import type { HolderRow, VaultDetail } from "./chain-reads.ts";
import { ClaimPanel, RedeemOwn, TenderForm } from "./HolderActions.tsx";
import { usePlatform } from "./use-fractions.ts";

const NOBODY: Omit<HolderRow, "wallet"> = { shares: 0n, sharesOwed: 0n, cashClaimable: 0n, cashForShares: 0n, sharesSold: 0n };

/** The actions open to the signed-in wallet in this vault's phase, as holder, buyer or anyone. */
export function VaultActions({ detail: d, phase, vault, share, cash, cashBalance }: {
  detail: VaultDetail;
  phase: BuyoutPhase;
  vault: Address;
  share: Units;
  cash: Units | null;
  cashBalance: bigint | null;
}) {
  const { address } = useConnection();
  const { cash: platformCash } = usePlatform();
  if (!address) return null;
  const me: HolderRow = d.holders.find((h) => h.wallet.toLowerCase() === address.toLowerCase()) ?? { wallet: address, ...NOBODY };
  const isBuyer = d.buyout.buyer.toLowerCase() === address.toLowerCase();
  const inBuyout = phase === "open" || phase === "unconditional";
  const actions = [
    phase === "locked" && platformCash && cash && <BuyoutForm key="buyout" detail={d} vault={vault} cashAddress={platformCash} cash={cash} cashBalance={cashBalance} />,
    inBuyout && cash && me.shares > 0n && <TenderForm key="tender" detail={d} vault={vault} me={me} share={share} cash={cash} phase={phase} />,
    phase === "unconditional" && cash && me.shares + me.sharesOwed > 0n && <RedeemOwn key="redeem" detail={d} vault={vault} me={me} share={share} cash={cash} />,
    // A remaining holder redeems its own shares above; the batch for every remaining holder is for the others.
    cash && ((phase === "unconditional" && me.shares + me.sharesOwed === 0n) || phase === "expired" || (isBuyer && (phase === "open" || phase === "complete"))) && <BuyerActions key="buyer" detail={d} vault={vault} phase={phase} isBuyer={isBuyer} share={share} cash={cash} />,
    cash && d.cash && (me.cashClaimable > 0n || me.sharesOwed > 0n) && <ClaimPanel key="claim" detail={d} vault={vault} me={me} share={share} cash={cash} />,
  ].filter(Boolean);
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">What you can do</h2>
      {actions.length ? actions : <Empty>Nothing for this wallet to do in this vault now.</Empty>}
    </section>
  );
}
