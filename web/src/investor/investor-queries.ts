import { graphql } from "../api/graphql.ts";

/** The tokens a portfolio can hold, with what is needed to show amounts in token units. */
export const PORTFOLIO_TOKENS = graphql(`query PortfolioTokens { tokens { address name symbol decimals } }`);

/** The signed-in investor's wallets (all linked to their application), or null before they apply. */
export const MY_WALLETS = graphql(`query MyWallets { myApplication { id status wallet wallets } }`);

export const REQUEST_WALLET_LINK = graphql(`
  mutation RequestWalletLink($wallet: Address!) { requestWalletLink(wallet: $wallet) { nonce expiresAt typedData } }
`);

export const LINK_WALLET = graphql(`
  mutation LinkWallet($wallet: Address!, $nonce: String!, $signature: String!) {
    linkWallet(wallet: $wallet, nonce: $nonce, signature: $signature) { id wallets }
  }
`);

/** The wallets the identity registry links to the investor of `wallet` (the investor's own wallet). */
export const ON_CHAIN_WALLETS = graphql(`query OnChainWallets($wallet: Address!) { investor(wallet: $wallet) { wallets } }`);
