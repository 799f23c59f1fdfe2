import { keccak256, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** The fields of one EIP-1559 transaction the outbox signs. */
export interface SignableTransaction {
  to: Address;
  data: Hex;
  value: bigint;
  nonce: number;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface SignedTransaction {
  raw: Hex;
  hash: Hex;
}

/** Signs transactions for one address on one chain; the key never leaves this object. */
export interface TransactionSigner {
  readonly address: Address;
  readonly chainId: number;
  sign(tx: SignableTransaction): Promise<SignedTransaction>;
}

/** A signer holding the private key in memory (the server's hot key, FOLIO_AGENT_KEY). */
export function createKeySigner(privateKey: Hex, chainId: number): TransactionSigner {
  const account = privateKeyToAccount(privateKey);
  return {
    address: account.address,
    chainId,
    async sign(tx) {
      const raw = await account.signTransaction({ type: "eip1559", chainId, ...tx });
      // The hash of a signed typed transaction is the keccak of its serialised bytes: known before broadcasting.
      return { raw, hash: keccak256(raw) };
    },
  };
}
