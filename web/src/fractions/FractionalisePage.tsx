import "./fractions.css";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { getAddress, isAddress, type Address } from "viem";
import { formatAmount } from "../lib/format.ts";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import { Loading, QueryState } from "../ui/states.tsx";
import { formatBps, type Units } from "./buyout.ts";
import { lockedVaultId, lockObstacles, readCertificate, type LockFacts } from "./lock-checks.ts";
import { certificateIdHex, CERTIFICATE_STATUS, FRACTIONS_PATH, parseCertificateId, vaultPath } from "./paths.ts";
import { TermsFields } from "./TermsFields.tsx";
import { buildTerms, certificateUri, thresholdShares, type Terms, type TermsDraft, type TermsField } from "./terms.ts";
import { useCash, usePlatform } from "./use-fractions.ts";
import { lockCall } from "./vault-calls.ts";

const DEFAULT_DRAFT: TermsDraft = { name: "", symbol: "", shares: "1000", thresholdPercent: "50", reservePrice: "", maxBuyoutDays: "30" };

/** Fractionalise one certificate: the terms, what the lock will do, the checks, then the lock itself. */
export function FractionalisePage() {
  const { collection, tokenId } = useParams();
  const id = parseCertificateId(tokenId);
  const valid = !!collection && isAddress(collection) && id !== null;
  const tx = useTransaction();
  const { vault, deployment } = usePlatform();
  const certificate = useQuery({
    queryKey: ["fractions", "certificate", collection, tokenId],
    queryFn: () => readCertificate(tx.publicClient!, getAddress(collection!), id!),
    enabled: valid && !!tx.publicClient,
    retry: false,
  });
  if (!valid) return <section className="fractions"><h1>Fractionalise</h1><p role="alert">This address does not name a certificate.</p></section>;
  return (
    <section className="fractions">
      <p><Link to={FRACTIONS_PATH}>← Fractional ownership</Link></p>
      <h1>Fractionalise a certificate</h1>
      <QueryState query={certificate} what="the certificate">
        {(c) => (vault && deployment.data ? <LockForm certificate={c} vault={vault} chainId={deployment.data.chainId} registry={deployment.data.contracts.IdentityRegistry ?? null} /> : <Loading what="the vault" />)}
      </QueryState>
    </section>
  );
}

function LockForm({ certificate: c, vault, chainId, registry }: { certificate: LockFacts; vault: Address; chainId: number; registry: Address | null }) {
  const [draft, setDraft] = useState<TermsDraft>(DEFAULT_DRAFT);
  const [errors, setErrors] = useState<Partial<Record<TermsField, string>>>({});
  const [lockedId, setLockedId] = useState<bigint | null>(null);
  const tx = useTransaction();
  const queryClient = useQueryClient();
  const { cash: cashAddress } = usePlatform();
  const cash = useCash(cashAddress);
  const units: Units = cash.info ?? { symbol: "base units", decimals: 0 };
  const obstacles = useQuery({
    queryKey: ["fractions", "lock-obstacles", c.collection, c.tokenId.toString(), tx.account],
    queryFn: () => lockObstacles(tx.publicClient!, { vault, registry, account: tx.account!, certificate: c }),
    enabled: !!tx.account && !!tx.publicClient,
  });
  const built = buildTerms(draft, c, units.decimals);

  // A field's message goes once it is edited; the others stay until the next attempt.
  const onChange = (next: TermsDraft) => {
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => next[field as TermsField] === draft[field as TermsField])));
    setDraft(next);
    tx.reset();
  };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!built.ok) return setErrors(built.errors);
    setErrors({});
    if (!tx.account) return;
    const result = await tx.send(lockCall(c.collection, tx.account, vault, c.tokenId, built.terms), { decimals: units.decimals });
    if (result.status === "confirmed") {
      setLockedId(lockedVaultId(result.receipt.logs, vault));
      void queryClient.invalidateQueries({ queryKey: ["fractions"] });
    }
  };

  return (
    <>
      <dl className="details" aria-label="The certificate">
        <dt>Collection</dt><dd>{c.collectionName} <code>{c.collection}</code></dd>
        <dt>Certificate</dt><dd><code>{certificateIdHex(c.tokenId)}</code></dd>
        <dt>Status</dt><dd>{CERTIFICATE_STATUS[c.status] ?? c.status}</dd>
        <dt>Metadata hash</dt><dd><code>{c.metadataHash}</code></dd>
        <dt>Metadata</dt><dd><code>{c.metadataUri}</code></dd>
      </dl>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Terms of the shares">
        <h2>Terms of the shares</h2>
        <TermsFields draft={draft} onChange={onChange} errors={errors} cash={units} />
        {built.ok && <LockPreview terms={built.terms} certificate={c} chainId={chainId} vault={vault} cash={units} />}
        {obstacles.data && obstacles.data.length > 0 && (
          <div role="alert" className="tx tx-refused" data-testid="lock-obstacles">
            <p><strong>The vault would refuse this lock:</strong></p>
            <ul>{obstacles.data.map((o) => <li key={o}>{o}</li>)}</ul>
          </div>
        )}
        {Object.keys(errors).length > 0 && <p role="alert" className="field-error">Nothing was sent: correct the fields marked above.</p>}
        <p className="field-hint">No approval is needed: you send the certificate to the vault yourself, with the terms.</p>
        <button type="submit" className="primary" disabled={tx.busy || lockedId !== null || !!obstacles.data?.length}>Lock the certificate and issue the shares</button>
      </form>
      <TransactionStatus
        state={tx.state}
        confirmed={() => lockedId !== null && <p>Locked in <Link to={vaultPath(lockedId)}>vault {lockedId.toString()}</Link>: the shares are in your wallet.</p>}
      />
    </>
  );
}

/** What the lock will do, in words, from the terms as typed. */
function LockPreview({ terms: t, certificate: c, chainId, vault, cash }: { terms: Terms; certificate: LockFacts; chainId: number; vault: Address; cash: Units }) {
  return (
    <section className="review" aria-labelledby="lock-preview-heading" data-testid="lock-preview">
      <h3 id="lock-preview-heading">What will happen</h3>
      <ul>
        <li>The certificate moves from your wallet to the vault <code>{vault}</code> and cannot move again until a buy-out releases it.</li>
        <li>The platform's token factory issues <strong>{t.name} ({t.symbol})</strong>, a security token with whole shares, owned by the vault.</li>
        <li><strong>{formatAmount(t.shares, 0)} {t.symbol}</strong> are minted to your wallet.</li>
        <li>
          The token's documents reference the work: <em>certificate</em> <code>{certificateUri(chainId, c.collection, c.tokenId)}</code> and{" "}
          <em>metadata</em> <code>{t.metadataUri}</code>, both with the hash <code>{t.metadataHash}</code>.
        </li>
        <li>
          A buy-out offers at least {formatAmount(t.reservePricePerShare, cash.decimals)} {cash.symbol} per share and stays open at most{" "}
          {(t.maxBuyoutDuration / 86_400n).toString()} days; once {formatBps(t.thresholdBps)} ({formatAmount(thresholdShares(t.shares, t.thresholdBps), 0)} shares) are tendered,
          the remaining shares are redeemed for the same price.
        </li>
      </ul>
    </section>
  );
}
