import type { MarketPlatform } from "../../test/server/market/market-fixture.ts";
import { signIn, type SignInTarget } from "../../test/support/sign-in.ts";
import type { SoakClient } from "./client.ts";

/** What every stream of the soak uses: the client, the market fixture's addresses, and signed-in sessions. */
export interface SoakContext {
  client: SoakClient;
  f: MarketPlatform;
  /** Signs wallets in over HTTP against the server under test. */
  target: SignInTarget;
  /** Bearer headers of dev account `index`, signed in with a real SIWE signature on first use. */
  as(index: number): Promise<Record<string, string>>;
}

export function createSoakContext(client: SoakClient, f: MarketPlatform, serverUrl: string): SoakContext {
  const target = client.signInTarget(f.platform.config, new URL(serverUrl).origin);
  const sessions = new Map<number, Promise<Record<string, string>>>();
  return {
    client,
    f,
    target,
    as(index) {
      if (!sessions.has(index)) sessions.set(index, signIn(target, index).then((s) => s.headers));
      return sessions.get(index)!;
    },
  };
}
