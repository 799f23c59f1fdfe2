import { graphql } from "../api/graphql.ts";

export const ME = graphql(`query Me { me { address roles { role token } } }`);
export const SIWE_NONCE = graphql(`mutation SiweNonce { siweNonce }`);
export const SIGN_IN = graphql(`
  mutation SignIn($message: String!, $signature: String!) {
    signIn(message: $message, signature: $signature) { address expiresAt }
  }
`);
export const SIGN_OUT = graphql(`mutation SignOut { signOut }`);
