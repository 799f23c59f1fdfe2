import { createPublicClient, createWalletClient, http, keccak256, toHex, type Address, type Hex, type HDAccount } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { DEV_MNEMONIC, LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";

/** How a test reaches the GraphQL API: in process (yoga.fetch) or over HTTP to a started platform. */
export interface ApiAccess {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The /graphql URL. */
  url: string;
}

export type Upload = { bytes: Uint8Array; name: string; type: string };

const REGISTER = `mutation($input: ArtworkInput!, $images: [File!]!) {
  registerArtwork(input: $input, images: $images) { id collection metadataSha256 metadataCid metadataUrl images { sha256 url } }
}`;
const MINT_CALL = `query($id: ID!, $to: Address, $r: Address, $bps: Int) { artworkMintCall(id: $id, to: $to, royaltyReceiver: $r, royaltyBps: $bps) { to data value } }`;
const RECORD_MINT = `mutation($id: ID!, $tx: String!) { recordArtworkMint(id: $id, txHash: $tx) { id tokenId mintTx mintedBlock } }`;

async function graphql(api: ApiAccess, headers: Record<string, string>, query: string, variables: Record<string, unknown>) {
  const response = await api.fetch(api.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`${query.slice(0, 40)}…: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data;
}

/** Dev account `index` of the local chain's mnemonic (#0 deploys the platform and issues certificates). */
export const localAccount = (index: number): HDAccount => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });

/**
 * Signs a dev account in over HTTP (EIP-4361, as the console does) on a platform whose public URL is `webUrl`, and
 * returns the headers that carry its session.
 */
export async function signInOverHttp(webUrl: string, account: HDAccount): Promise<Record<string, string>> {
  const api: ApiAccess = { url: `${webUrl}/graphql`, fetch: (url, init) => fetch(url, init) };
  const { siweNonce } = await graphql(api, {}, `mutation { siweNonce }`, {});
  const site = new URL(webUrl);
  const message = createSiweMessage({
    domain: site.host, address: account.address, statement: "Sign in to Folio", uri: `${site.origin}/`, version: "1",
    chainId: LOCAL_CHAIN_ID, nonce: siweNonce, issuedAt: new Date(), expirationTime: new Date(Date.now() + 5 * 60_000),
  });
  const signature = await account.signMessage({ message });
  const { signIn } = await graphql(api, {}, `mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }`, { m: message, s: signature });
  return { authorization: `Bearer ${signIn.token}` };
}

/** registerArtwork as a GraphQL multipart request (graphql-multipart-request-spec), one part per image. */
export async function registerArtwork(api: ApiAccess, headers: Record<string, string>, input: Record<string, unknown>, images: Upload[]) {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: REGISTER, variables: { input, images: images.map(() => null) } }));
  form.set("map", JSON.stringify(Object.fromEntries(images.map((_, i) => [String(i), [`variables.images.${i}`]]))));
  images.forEach((image, i) => form.set(String(i), new Blob([new Uint8Array(image.bytes)], { type: image.type }), image.name));
  const response = await api.fetch(api.url, { method: "POST", body: form, headers: { ...headers, "graphql-require-preflight": "1" } });
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`registerArtwork: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data.registerArtwork as { id: string; collection: Address; metadataSha256: string; metadataCid: string; metadataUrl: string; images: { sha256: string; url: string }[] };
}

/**
 * Certificate transactions from dev accounts, straight to the collection (the console's pages build the same calls):
 * each waits for its receipt and fails the test when it reverts.
 */
export function certificateChain(rpcUrl: string, collection: Address) {
  const transport = http(rpcUrl, { batch: false });
  const client = createPublicClient({ transport, pollingInterval: 50 });
  async function send(account: HDAccount, functionName: string, args: readonly unknown[]): Promise<{ hash: Hex; block: number }> {
    const wallet = createWalletClient({ account, transport });
    const hash = await wallet.writeContract({ address: collection, abi: artworkCertificateAbi, functionName, args, chain: null } as never);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
    return { hash, block: Number(receipt.blockNumber) };
  }
  const docHash = (text: string) => keccak256(toHex(text));
  return {
    client,
    send,
    docHash,
    /** Sends the server-built mint transaction from the issuer's wallet and records it (recordArtworkMint). */
    async mint(api: ApiAccess, issuer: { account: HDAccount; headers: Record<string, string> }, artworkId: string, royalty?: { receiver: Address; bps: number }) {
      const call = (await graphql(api, issuer.headers, MINT_CALL, { id: artworkId, r: royalty?.receiver ?? null, bps: royalty?.bps ?? null })).artworkMintCall;
      const wallet = createWalletClient({ account: issuer.account, transport });
      const hash = await wallet.sendTransaction({ to: call.to, data: call.data as Hex, value: BigInt(call.value), chain: null });
      const receipt = await client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`mint reverted (${hash})`);
      // The server may still see an older head for a moment (ARTWORK_MINT_UNCONFIRMED): recorded again, as its hint says.
      let recorded;
      for (let attempt = 0; ; attempt++) {
        try {
          recorded = (await graphql(api, issuer.headers, RECORD_MINT, { id: artworkId, tx: hash })).recordArtworkMint;
          break;
        } catch (error) {
          if (attempt >= 20 || !String(error).includes("confirmations")) throw error;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      return { hash, block: Number(receipt.blockNumber), tokenId: BigInt(recorded.tokenId) };
    },
  };
}
