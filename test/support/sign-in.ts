import { createSiweMessage, type CreateSiweMessageParameters } from "viem/siwe";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import { DEV_MNEMONIC, LOCAL_CHAIN_ID } from "../../scripts/lib/local-chain.ts";
import type { TestPlatform } from "./platform.ts";

/** What signing in needs of a platform: its public URL (the SIWE domain) and a way to send GraphQL (in-process or HTTP). */
export type SignInTarget = Pick<TestPlatform, "config" | "gql">;

/** Dev account `index` of the anvil mnemonic (#0 deploys the platform and owns its contracts). */
export const devAccount = (index: number): HDAccount => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });

/** Asks the platform for a nonce. */
export async function requestNonce(platform: SignInTarget): Promise<string> {
  const result = await platform.gql<{ siweNonce: string }>(`mutation { siweNonce }`);
  if (!result.data?.siweNonce) throw new Error(`siweNonce failed: ${JSON.stringify(result.errors)}`);
  return result.data.siweNonce;
}

/** An EIP-4361 message as a browser on the platform's public URL would build it; `overrides` bend any field. */
export function buildSiweMessage(
  platform: Pick<TestPlatform, "config">,
  account: HDAccount,
  nonce: string,
  overrides: Partial<CreateSiweMessageParameters> = {},
): string {
  const site = new URL(platform.config.publicUrl);
  return createSiweMessage({
    domain: site.host,
    address: account.address,
    statement: "Sign in to Folio",
    uri: `${site.origin}/`,
    version: "1",
    chainId: LOCAL_CHAIN_ID,
    nonce,
    issuedAt: new Date(),
    expirationTime: new Date(Date.now() + 5 * 60_000),
    ...overrides,
  });
}

export const SIGN_IN = `mutation($message: String!, $signature: String!) {
  signIn(message: $message, signature: $signature) { address token expiresAt }
}`;

/** Signs dev account `index` in through the API and returns its bearer token and the headers to use it. */
export async function signIn(platform: SignInTarget, index: number): Promise<{ token: string; address: `0x${string}`; headers: Record<string, string> }> {
  const account = devAccount(index);
  const message = buildSiweMessage(platform, account, await requestNonce(platform));
  const signature = await account.signMessage({ message });
  const result = await platform.gql(SIGN_IN, { message, signature });
  if (!result.data?.signIn) throw new Error(`signIn failed: ${JSON.stringify(result.errors)}`);
  const token: string = result.data.signIn.token;
  return { token, address: account.address, headers: { authorization: `Bearer ${token}` } };
}

/** GraphQL as dev accounts, each signed in once on first use; `index` null runs the operation anonymously. */
export function signedInClient(platform: SignInTarget) {
  const sessions = new Map<number, Record<string, string>>();
  async function as(index: number): Promise<Record<string, string>> {
    if (!sessions.has(index)) sessions.set(index, (await signIn(platform, index)).headers);
    return sessions.get(index)!;
  }
  async function gql(index: number | null, query: string, variables?: Record<string, unknown>) {
    return platform.gql(query, variables, index === null ? {} : await as(index));
  }
  return { as, gql };
}
