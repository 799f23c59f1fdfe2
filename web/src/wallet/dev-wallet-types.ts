/** A dev account the dev wallet can sign with. */
export interface DevWalletAccount {
  index: number;
  address: `0x${string}`;
  /** What `npm start` makes this account ("investor", "admin, issuer, compliance officer"). */
  role: string;
}

/** The dev wallet's controls (the account it signs with), for the wallet menu. */
export interface DevWallet {
  /** The EIP-6963 rdns, which wagmi uses as the connector id. */
  rdns: string;
  accounts: DevWalletAccount[];
  selected(): number;
  /** Switches the signing account; the page sees accountsChanged, as with any wallet. */
  select(index: number): void;
}
