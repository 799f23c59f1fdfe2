import "./fractions.css";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { usePublicClient } from "wagmi";
import { formatAmount } from "../lib/format.ts";
import { Loading, QueryState } from "../ui/states.tsx";
import { buyoutPhase, formatBps, formatPrice, formatUtc, type BuyoutPhase, type Units } from "./buyout.ts";
import type { VaultDetail } from "./chain-reads.ts";
import { HoldersTable } from "./HoldersTable.tsx";
import { certificateIdHex, FRACTIONS_PATH, parseVaultId } from "./paths.ts";
import { useCash, usePlatform, useVaultDetail } from "./use-fractions.ts";
import { VaultActions } from "./VaultActions.tsx";

const PHASE_TEXT: Record<BuyoutPhase, string> = {
  locked: "Locked: no buy-out is open. Any verified investor may offer to buy every share.",
  open: "Buy-out open: holders may tender their shares and are paid at once.",
  expired: "Buy-out past its deadline before reaching the threshold: anyone may end it; the buyer keeps the shares tendered and gets the rest of the escrow back.",
  unconditional: "Buy-out unconditional: the threshold is reached, so the remaining shares are redeemed for the same price.",
  complete: "Every share is acquired: the buyer may take the certificate.",
  released: "Released: the certificate went to the buyer and the share token is closed.",
};

/** One vault: the terms, the share token, the locked certificate, the buy-out and who has what; then the actions. */
export function VaultPage() {
  const vaultId = parseVaultId(useParams().vaultId);
  const detail = useVaultDetail(vaultId);
  if (vaultId === null) return <section className="fractions"><h1>Vault</h1><p role="alert">This address does not name a vault.</p></section>;
  return (
    <section className="fractions">
      <p><Link to={FRACTIONS_PATH}>← Fractional ownership</Link></p>
      <QueryState query={detail} what={`vault ${vaultId}`}>
        {(d) => <VaultView detail={d} />}
      </QueryState>
    </section>
  );
}

function VaultView({ detail: d }: { detail: VaultDetail }) {
  const { vault } = usePlatform();
  const cash = useCash(d.cash);
  const now = useChainTime();
  if (!vault || now === null) return <Loading what="the chain's time" />;
  const phase = buyoutPhase(d.info, d.buyout, now);
  const share: Units = { symbol: d.token.symbol, decimals: d.token.decimals };
  const units: Units | null = cash.info;
  return (
    <>
      <h1>Vault {d.vaultId.toString()}: {d.token.name} ({d.token.symbol})</h1>
      <p className={`phase phase-${phase}`} data-testid="vault-phase" role="status">{PHASE_TEXT[phase]}</p>
      <div className="vault-grid">
        <section aria-labelledby="terms-heading">
          <h2 id="terms-heading">Terms</h2>
          <dl className="details">
            <dt>Shares</dt><dd>{formatAmount(d.info.shares, share.decimals)} {share.symbol}</dd>
            <dt>Threshold</dt><dd>{formatAmount(d.info.thresholdShares, share.decimals)} shares; the rest is then redeemed</dd>
            <dt>Reserve price</dt><dd>{units ? formatPrice(d.info.reservePricePerShare, units) : `${d.info.reservePricePerShare} base units per share`}</dd>
            <dt>Longest buy-out</dt><dd>{(d.info.maxBuyoutDuration / 86_400n).toString()} days</dd>
            <dt>Curator</dt><dd><code>{d.info.curator}</code></dd>
          </dl>
        </section>
        <section aria-labelledby="token-heading">
          <h2 id="token-heading">Share token and certificate</h2>
          <dl className="details">
            <dt>Share token</dt><dd><Link to={`/issuer/tokens/${d.token.address}`}>{d.token.name} ({d.token.symbol})</Link> <code>{d.token.address}</code></dd>
            <dt>Supply now</dt>
            <dd>
              <span data-testid="share-supply">{formatAmount(d.token.totalSupply, share.decimals)} {share.symbol}</span>
              {d.buyout.tendered > 0n && phase !== "released" && `, of which ${formatAmount(d.buyout.tendered, share.decimals)} tendered and held by the vault for the buyer`}
            </dd>
            <dt>Collection</dt><dd><code>{d.info.certificate}</code></dd>
            <dt>Certificate</dt><dd><code>{certificateIdHex(d.info.certificateId)}</code></dd>
            <dt>Metadata hash</dt><dd><code>{d.info.metadataHash}</code></dd>
            <dt>Held by</dt><dd data-testid="certificate-holder">{phase === "released" ? "The buyer (released)" : "The vault (locked)"}</dd>
          </dl>
        </section>
      </div>
      {phase !== "locked" && <BuyoutSummary detail={d} phase={phase} share={share} cash={units} />}
      <HoldersTable detail={d} share={share} cash={units} />
      <VaultActions detail={d} phase={phase} vault={vault} share={share} cash={units} cashBalance={cash.balance} />
    </>
  );
}

function BuyoutSummary({ detail: d, phase, share, cash }: { detail: VaultDetail; phase: BuyoutPhase; share: Units; cash: Units | null }) {
  const b = d.buyout;
  const escrowLeft = (d.info.shares - b.acquired) * b.pricePerShare;
  return (
    <section aria-labelledby="buyout-heading">
      <h2 id="buyout-heading">Buy-out</h2>
      <dl className="details" data-testid="buyout-summary">
        <dt>Buyer</dt><dd><code>{b.buyer}</code></dd>
        <dt>Price</dt><dd>{cash ? formatPrice(b.pricePerShare, cash) : `${b.pricePerShare} per share`}</dd>
        <dt>Acquired</dt>
        <dd data-testid="acquired">{formatAmount(b.acquired, share.decimals)} of {formatAmount(d.info.shares, share.decimals)} shares ({formatBps((b.acquired * 10_000n) / d.info.shares)}; threshold {formatAmount(d.info.thresholdShares, share.decimals)})</dd>
        {escrowLeft > 0n && phase !== "released" && <><dt>Escrow left</dt><dd data-testid="escrow-left">{cash ? `${formatAmount(escrowLeft, cash.decimals)} ${cash.symbol}` : escrowLeft.toString()} for the shares not yet acquired</dd></>}
        <dt>Deadline</dt><dd>{b.unconditional ? `None any more (threshold reached); was ${formatUtc(b.deadline)}` : formatUtc(b.deadline)}</dd>
      </dl>
    </section>
  );
}

/** The latest block's timestamp (the chain's clock, which tests may move), re-read every few seconds. */
function useChainTime(): bigint | null {
  const client = usePublicClient();
  const block = useQuery({ queryKey: ["fractions", "chain-time"], queryFn: async () => (await client!.getBlock()).timestamp, enabled: !!client, refetchInterval: 3_000 });
  return block.data ?? null;
}
