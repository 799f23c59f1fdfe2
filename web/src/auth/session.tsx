import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useConnection, useSignMessage } from "wagmi";
import { ApiError, beginSessionEpoch, endingSession, onSessionEnded, request } from "../api/graphql.ts";
import type { SignedInUser } from "./roles.ts";
import { ME, SIGN_IN, SIGN_OUT, SIWE_NONCE } from "./session-queries.ts";
import { buildSignInMessage } from "./siwe-message.ts";

export type SessionState = "loading" | "signed-out" | "signing-in" | "signed-in";

export interface Session {
  state: SessionState;
  user: SignedInUser | null;
  /** Why the last sign-in failed or the session ended, in words. */
  notice: string | null;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);
export const ME_KEY = ["me"] as const;

const sameAddress = (a?: string | null, b?: string | null) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Sign-In with Ethereum on top of the connected wallet. Connecting signs in (one signature); switching account in
 * the wallet or disconnecting signs the old session out; an expired or invalid session signs out cleanly.
 */
export function SessionProvider({ chainId, children }: { chainId: number; children: ReactNode }) {
  const queryClient = useQueryClient();
  const { address, status } = useConnection();
  const { signMessageAsync } = useSignMessage();
  const [signingIn, setSigningIn] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const attempted = useRef<string | null>(null);
  const connected = useRef(address);
  connected.current = address;

  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => (await request(ME)).me as SignedInUser | null,
    retry: false,
  });
  const user = me.data ?? null;

  // Another user's data must never stay on screen: every cached answer but the session goes.
  const forgetData = useCallback(() => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] }), [queryClient]);

  // One sign-out at a time: the wallet effect below runs again while the first is on its way.
  const leaving = useRef<Promise<void> | null>(null);
  const signOut = useCallback(() => {
    leaving.current ??= endingSession(() => request(SIGN_OUT).catch(() => undefined)).then(() => {
      leaving.current = null;
      queryClient.setQueryData(ME_KEY, null);
      forgetData();
    });
    return leaving.current;
  }, [queryClient, forgetData]);

  const signIn = useCallback(async () => {
    if (!address) return;
    setSigningIn(true);
    setNotice(null);
    try {
      const { siweNonce } = await request(SIWE_NONCE);
      const message = buildSignInMessage({ address, chainId, nonce: siweNonce, origin: window.location.origin });
      const signature = await signMessageAsync({ message, account: address });
      await request(SIGN_IN, { message, signature });
      beginSessionEpoch();
      forgetData();
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    } catch (error) {
      setNotice(error instanceof ApiError ? `Sign-in refused: ${error.message}` : "Sign-in was cancelled or the wallet refused to sign.");
    } finally {
      setSigningIn(false);
    }
  }, [address, chainId, signMessageAsync, queryClient, forgetData]);

  // An UNAUTHENTICATED answer for a dead session: drop it everywhere and say why.
  useEffect(
    () =>
      onSessionEnded((reason) => {
        queryClient.setQueryData(ME_KEY, null);
        forgetData();
        // No signature request out of the blue: the user signs in again with the button.
        attempted.current = connected.current ?? null;
        setNotice(reason === "SESSION_EXPIRED" ? "Your session has expired; sign in again." : "Your session is no longer valid; sign in again.");
      }),
    [queryClient, forgetData],
  );

  // The wallet decides who is signed in: another account (or none) ends the old session; a connected wallet
  // without a session is asked to sign in once (the button in the wallet menu asks again).
  useEffect(() => {
    if (me.isPending || status === "reconnecting" || status === "connecting" || signingIn) return;
    if (user && !sameAddress(user.address, address)) {
      void signOut();
      return;
    }
    if (!user && address && status === "connected" && attempted.current !== address) {
      attempted.current = address;
      void signIn();
    }
    if (!address) attempted.current = null;
  }, [user, address, status, me.isPending, signingIn, signIn, signOut]);

  const state: SessionState = me.isPending ? "loading" : signingIn ? "signing-in" : user && sameAddress(user.address, address) ? "signed-in" : "signed-out";
  const value = useMemo<Session>(
    () => ({ state, user: state === "signed-in" ? user : null, notice, signIn, signOut }),
    [state, user, notice, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession needs a SessionProvider");
  return session;
}
