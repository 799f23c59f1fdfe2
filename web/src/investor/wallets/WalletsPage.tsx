import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { getAddress, type Address, type Hex } from "viem";
import { useConnection, useSignTypedData } from "wagmi";
import { request } from "../../api/graphql.ts";
import { useSession } from "../../auth/session.tsx";
import { shortAddress } from "../../lib/format.ts";
import { TextField } from "../../ui/TextField.tsx";
import { Empty, ErrorState, Loading } from "../../ui/states.tsx";
import { LINK_WALLET, MY_WALLETS, ON_CHAIN_WALLETS, REQUEST_WALLET_LINK } from "../investor-queries.ts";
import { loadWalletLink, saveWalletLink, typedDataToSign, walletLinkStep, walletToLinkError, type PendingWalletLink } from "./wallet-link.ts";

/**
 * The investor's linked wallets, and linking another one by signing. The page needs no session while the wallet to
 * link signs (only that wallet's signature counts); asking for the challenge and sending the signature are done by the
 * signed-in wallet that opened the application.
 */
export function WalletsPage() {
  const [link, setLink] = useState<PendingWalletLink | null>(() => loadWalletLink());
  const [linked, setLinked] = useState<Address | null>(null);
  const queryClient = useQueryClient();
  const update = (next: PendingWalletLink | null) => {
    saveWalletLink(next);
    setLink(next);
  };
  return (
    <section>
      <h1>Your wallets</h1>
      {linked && <p className="success" role="status" data-testid="wallet-linked">Linked <code>{linked}</code> to you.</p>}
      {link ? (
        <LinkInProgress link={link} onChange={update} onLinked={(wallet) => { update(null); setLinked(wallet); void queryClient.invalidateQueries({ queryKey: ["myWallets"] }); }} />
      ) : (
        <LinkedWallets onStarted={(next) => { setLinked(null); update(next); }} />
      )}
    </section>
  );
}

function LinkedWallets({ onStarted }: { onStarted(link: PendingWalletLink): void }) {
  const session = useSession();
  const { address } = useConnection();
  const wallets = useQuery({ queryKey: ["myWallets"], queryFn: () => request(MY_WALLETS), enabled: !!session.user });
  const application = wallets.data?.myApplication;
  const approved = application?.status === "APPROVED";
  // Once approved, a linked wallet is written to the identity registry: shown per wallet, asked again until all are.
  const onChain = useQuery({
    queryKey: ["onChainWallets", application?.wallet],
    queryFn: () => request(ON_CHAIN_WALLETS, { wallet: application!.wallet }),
    enabled: approved,
    refetchInterval: (q) => {
      const registered = new Set((q.state.data?.investor?.wallets ?? []).map((w) => getAddress(w)));
      return application?.wallets.every((w) => registered.has(getAddress(w))) ? false : 3_000;
    },
  });
  const registered = new Set((onChain.data?.investor?.wallets ?? []).map((w) => getAddress(w)));
  const [wallet, setWallet] = useState("");
  const [error, setError] = useState<string>();
  const ask = useMutation({
    mutationFn: (w: Address) => request(REQUEST_WALLET_LINK, { wallet: w }),
    onSuccess: ({ requestWalletLink: c }, w) =>
      onStarted({ primary: getAddress(address!), wallet: w, nonce: c.nonce as Hex, expiresAt: Number(c.expiresAt), typedData: c.typedData }),
    onError: (e) => setError(e.message),
  });

  if (session.state === "loading" || session.state === "signing-in") return <Loading what="your session" />;
  if (!session.user) return <p>Connect your wallet and sign in with it (in the header) to see and link your wallets.</p>;
  if (wallets.isPending) return <Loading what="your wallets" />;
  if (wallets.error) return <ErrorState title="Could not load your wallets." error={wallets.error} onRetry={() => void wallets.refetch()} />;
  if (!application) return <Empty>Wallets are linked to your KYC application: <Link to="/investor">start your application</Link> first.</Empty>;

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = walletToLinkError(wallet, address, application!.wallets);
    setError(problem);
    if (!problem) ask.mutate(getAddress(wallet.trim()));
  }

  return (
    <>
      <h2>Linked wallets</h2>
      <ul className="wallets" aria-label="Linked wallets" data-testid="linked-wallets">
        {application.wallets.map((w) => (
          <li key={w}>
            <code>{w}</code>
            {getAddress(w) === getAddress(application.wallet) ? " (opened the application)" : ""}
            {approved && onChain.isSuccess && (registered.has(getAddress(w)) ? ": registered on chain" : ": waiting for the identity registry…")}
          </li>
        ))}
      </ul>
      <p className="field-hint">
        {application.status === "APPROVED"
          ? "Linked wallets are registered on chain with your investor record and can hold your tokens."
          : "Linked wallets are registered on chain with your investor record once your application is approved."}
      </p>
      <form onSubmit={submit} noValidate className="form" aria-labelledby="link-title">
        <h2 id="link-title">Link another wallet</h2>
        <p>
          The wallet to link proves it is yours by signing a message: you will switch to it in your wallet, sign, then switch back to{" "}
          <code>{address ? shortAddress(address) : "this wallet"}</code> to finish.
        </p>
        <TextField label="Wallet to link" value={wallet} onChange={setWallet} error={error} placeholder="0x…" />
        <div className="actions">
          <button type="submit" disabled={ask.isPending}>{ask.isPending ? "Asking…" : "Start linking"}</button>
        </div>
      </form>
    </>
  );
}

function LinkInProgress({ link, onChange, onLinked }: { link: PendingWalletLink; onChange(link: PendingWalletLink | null): void; onLinked(wallet: Address): void }) {
  const session = useSession();
  const { address } = useConnection();
  const { signTypedDataAsync, isPending: signing } = useSignTypedData();
  const [error, setError] = useState<string>();
  const send = useMutation({
    mutationFn: () => request(LINK_WALLET, { wallet: link.wallet, nonce: link.nonce, signature: link.signature! }),
    onSuccess: () => onLinked(link.wallet),
    onError: (e) => setError(e.message),
  });
  const step = walletLinkStep(link, address, Math.floor(Date.now() / 1000));
  const signedInAsPrimary = !!session.user && getAddress(session.user.address) === getAddress(link.primary);

  async function sign() {
    setError(undefined);
    try {
      const signature = await signTypedDataAsync({ account: link.wallet, ...typedDataToSign(link.typedData) } as Parameters<typeof signTypedDataAsync>[0]);
      onChange({ ...link, signature });
    } catch {
      setError("The wallet did not sign. Try again, or cancel.");
    }
  }

  const current = (...steps: string[]) => (steps.includes(step) ? "current" : undefined);
  return (
    <div className="form" aria-labelledby="linking-title" role="region">
      <h2 id="linking-title">Linking <code>{shortAddress(link.wallet)}</code></h2>
      <ol className="link-steps">
        <li>Challenge received by <code>{shortAddress(link.primary)}</code>.</li>
        <li className={current("sign", "switch-to-sign")}>
          In your wallet, switch to <code>{link.wallet}</code> and sign the link.{link.signature ? " Done." : ""}
        </li>
        <li className={current("send", "switch-to-send")}>Switch back to <code>{link.primary}</code> and send the signature.</li>
      </ol>
      <div role="status" data-testid="link-step">
        {step === "expired" && <p className="error">The challenge has expired. Start again.</p>}
        {step === "switch-to-sign" && <p><strong>Next:</strong> switch your wallet to account <code>{link.wallet}</code>. Switching signs you out of your current session; you sign back in when you switch back.</p>}
        {step === "sign" && <p><strong>Next:</strong> sign the link with <code>{link.wallet}</code>. Signing costs nothing and sends no transaction.</p>}
        {step === "switch-to-send" && <p><strong>Signed.</strong> Now switch your wallet back to <code>{link.primary}</code> to send the signature.</p>}
        {step === "send" && !signedInAsPrimary && <p>Sign in with <code>{shortAddress(link.primary)}</code> (in the header) to send the signature.</p>}
        {step === "send" && signedInAsPrimary && <p><strong>Next:</strong> send the signature to link <code>{link.wallet}</code> to you.</p>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        {step === "sign" && <button type="button" onClick={() => void sign()} disabled={signing}>{signing ? "Waiting for the wallet…" : `Sign with ${shortAddress(link.wallet)}`}</button>}
        {step === "send" && signedInAsPrimary && (
          <button type="button" onClick={() => { setError(undefined); send.mutate(); }} disabled={send.isPending}>
            {send.isPending ? "Linking…" : `Link ${shortAddress(link.wallet)}`}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => onChange(null)}>{step === "expired" ? "Start again" : "Cancel"}</button>
      </div>
    </div>
  );
}
