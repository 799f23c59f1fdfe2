import { useState, type FormEvent } from "react";
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { ApiError, request } from "../api/graphql.ts";
import { TransactionStatus } from "../tx/TransactionStatus.tsx";
import { useTransaction } from "../tx/use-transaction.ts";
import { TextField } from "../ui/TextField.tsx";
import { ARTWORK_MINT_CALL, RECORD_ARTWORK_MINT, type Artwork } from "./lib/artwork-queries.ts";
import { mintCallFromServer, simulatePreflight } from "./lib/certificate-calls.ts";
import { bpsPercent, parseRoyaltyBps } from "./lib/certificate-ids.ts";

type Errors = Partial<Record<"to" | "receiver" | "bps" | "server", string>>;

/** Mints the work's certificate from the auction house's wallet, then records the mint with the server. */
export function MintPanel({ artwork: a, onMinted }: { artwork: Artwork; onMinted(): void }) {
  const tx = useTransaction();
  const [to, setTo] = useState("");
  const [receiver, setReceiver] = useState("");
  const [bps, setBps] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [recording, setRecording] = useState<string | null>(null);
  const royalty = parseRoyaltyBps(bps);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {};
    if (to.trim() && !isAddress(to.trim())) next.to = "Enter a wallet address (0x followed by 40 hex digits), or leave it empty for your own";
    if (!royalty.ok) next.bps = royalty.error;
    if (receiver.trim() && !isAddress(receiver.trim())) next.receiver = "Enter the artist's (or estate's) wallet address";
    if (royalty.ok && royalty.bps > 0 && !receiver.trim()) next.receiver = "A royalty needs a receiver: the artist's or estate's wallet";
    if (royalty.ok && royalty.bps === 0 && receiver.trim()) next.bps = "Enter the royalty in basis points, or clear the receiver";
    setErrors(next);
    if (Object.keys(next).length || !royalty.ok || !tx.account || !tx.publicClient) return;
    let call;
    try {
      const { artworkMintCall } = await request(ARTWORK_MINT_CALL, {
        id: a.id, to: to.trim() ? getAddress(to.trim()) : null,
        royaltyReceiver: receiver.trim() ? getAddress(receiver.trim()) : null, royaltyBps: royalty.bps,
      });
      call = mintCallFromServer({ to: artworkMintCall.to as Address, data: artworkMintCall.data as Hex }, a.collection, a.metadataSha256);
    } catch (error) {
      return setErrors({ server: error instanceof Error ? error.message : String(error) });
    }
    const result = await tx.send(call, { preflight: () => simulatePreflight(tx.publicClient!, call, tx.account!) });
    if (result.status === "confirmed") await record(result.hash);
  };

  /** Records the mint; a mint not yet deep enough is tried again a few times. */
  const record = async (hash: Hex) => {
    setRecording("Recording the certificate with the server…");
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await request(RECORD_ARTWORK_MINT, { id: a.id, txHash: hash });
        setRecording(null);
        return onMinted();
      } catch (error) {
        if (!(error instanceof ApiError && error.code === "ARTWORK_MINT_UNCONFIRMED")) {
          return setRecording(`Minted, but the server could not record it: ${error instanceof Error ? error.message : error}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
    }
    setRecording("Minted; the server records it once the transaction has enough confirmations. Reload this page later.");
  };

  return (
    <section aria-labelledby="mint-heading" className="form">
      <h2 id="mint-heading">Mint the certificate</h2>
      <p className="field-hint">Sent from your wallet to the collection: <code>mint</code> with this work's metadata hash. The artist's resale royalty (ERC-2981) is fixed at mint and capped at 10 %.</p>
      <form onSubmit={submit} noValidate aria-label="Mint the certificate">
        <TextField label="Owner (optional)" value={to} onChange={setTo} error={errors.to} placeholder={tx.account ?? "0x…"} hint="Leave empty to hold the certificate in your house's wallet until the sale." />
        <div className="row">
          <TextField label="Royalty receiver" value={receiver} onChange={setReceiver} error={errors.receiver} placeholder="0x…" hint="The artist's or estate's wallet; empty for no royalty." />
          <TextField label="Royalty (basis points)" value={bps} onChange={setBps} error={errors.bps} inputMode="numeric" hint={royalty.ok ? `${royalty.bps} bps = ${bpsPercent(royalty.bps)}; at most 1,000 (10 %).` : "100 bps = 1 %; at most 1,000 (10 %)."} />
        </div>
        {errors.server && <p role="alert" className="field-error">{errors.server}</p>}
        <button type="submit" className="primary" disabled={tx.busy || !!recording}>Mint the certificate</button>
      </form>
      <TransactionStatus state={tx.state} action={`mint the certificate of "${a.title}"${royalty.ok && royalty.bps ? ` with a ${bpsPercent(royalty.bps)} royalty` : ""}`} />
      {recording && <p role="status">{recording}</p>}
    </section>
  );
}

