import { randomBytes } from "node:crypto";
import { bytesToHex, getAddress, isHex, zeroHash, type Address, type Hex } from "viem";
import { recordAudit } from "../audit/audit-log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { KycApplication } from "./application-view.ts";
import type { KycChainWrites } from "./chain-writes.ts";

/** How long a wallet-link challenge may be signed and used. */
export const LINK_CHALLENGE_SECONDS = 10 * 60;

/** The EIP-712 message a further wallet signs to be linked to an investor. */
export const LINK_WALLET_TYPES = {
  LinkWallet: [
    { name: "investor", type: "address" },
    { name: "wallet", type: "address" },
    { name: "nonce", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
  ],
} as const;

export interface WalletLinkChallenge {
  nonce: Hex;
  expiresAt: bigint;
  /** The typed data to sign with the new wallet (eth_signTypedData_v4), as JSON. */
  typedData: string;
}

/**
 * Linking further wallets to an investor: the server issues a single-use nonce; the new wallet signs an EIP-712
 * message binding the investor (their application's opening wallet), the new wallet, the nonce and an expiry. The
 * nonce is consumed before the signature is checked, so a signature can be used once at most.
 */
export function createWalletLinks(options: {
  db: Database;
  chain: Chain;
  writes: KycChainWrites;
  log: Logger;
  applicationOfWallet: (q: Queryable, wallet: Address, lock?: boolean) => Promise<KycApplication | null>;
}) {
  const { db, chain, writes, log, applicationOfWallet } = options;
  const domain = () => ({ name: "Folio", version: "1", chainId: chain.chainId, verifyingContract: writes.registry() });

  async function linkable(q: Queryable, viewer: Address): Promise<KycApplication> {
    const application = await applicationOfWallet(q, viewer);
    if (!application) throw new FolioError("KYC_APPLICATION_NOT_FOUND", "You have no KYC application yet", { hint: "Start one with saveKycApplication" });
    if (application.status === "suspended" || application.status === "erased") {
      throw new FolioError("KYC_INVALID_STATE", `Wallets cannot be linked to an application that is ${application.status}`);
    }
    return application;
  }

  return {
    async requestWalletLink(viewer: Address, wallet: Address): Promise<WalletLinkChallenge> {
      const application = await linkable(db, viewer);
      await refuseTaken(db, wallet);
      const nonce = bytesToHex(randomBytes(32));
      const expiresAt = BigInt(Math.floor(Date.now() / 1000) + LINK_CHALLENGE_SECONDS);
      await db.query("delete from kyc_wallet_challenges where expires_at < $1", [Math.floor(Date.now() / 1000)]);
      await db.query("insert into kyc_wallet_challenges (nonce, application_id, wallet, expires_at) values ($1, $2, $3, $4)", [nonce, application.id, wallet, expiresAt.toString()]);
      const typedData = {
        domain: domain(),
        types: { EIP712Domain: [{ name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }], ...LINK_WALLET_TYPES },
        primaryType: "LinkWallet",
        message: { investor: application.wallet, wallet, nonce, expiresAt: expiresAt.toString() },
      };
      return { nonce, expiresAt, typedData: JSON.stringify(typedData) };
    },

    /** Links `wallet` to the viewer's application; on chain at once when the investor is already approved. */
    async linkWallet(viewer: Address, wallet: Address, nonce: string, signature: string): Promise<KycApplication> {
      if (!isHex(nonce) || nonce.length !== 66) throw challengeInvalid();
      if (!isHex(signature)) throw new FolioError("KYC_LINK_SIGNATURE_INVALID", "signature must be 0x-prefixed hex");
      const application = await linkable(db, viewer);
      // Consumed first and atomically: a replayed signature finds no challenge.
      const { rows } = await db.query<{ application_id: string; wallet: string; expires_at: string }>(
        "delete from kyc_wallet_challenges where nonce = $1 returning application_id, wallet, expires_at",
        [nonce.toLowerCase()],
      );
      const challenge = rows[0];
      if (!challenge || challenge.application_id !== application.id || getAddress(challenge.wallet) !== wallet) throw challengeInvalid();
      const expiresAt = BigInt(challenge.expires_at);
      if (expiresAt < BigInt(Math.floor(Date.now() / 1000))) {
        throw new FolioError("KYC_LINK_CHALLENGE_EXPIRED", "The wallet-link challenge has expired", { hint: "Ask for a new one with requestWalletLink" });
      }
      // viem checks EOA signatures locally and smart-contract wallets through ERC-1271 on chain.
      const valid = await chain.client
        .verifyTypedData({
          address: wallet, domain: domain(), types: LINK_WALLET_TYPES, primaryType: "LinkWallet",
          message: { investor: application.wallet, wallet, nonce: nonce as Hex, expiresAt }, signature: signature as Hex,
        })
        .catch(() => false);
      if (!valid) throw new FolioError("KYC_LINK_SIGNATURE_INVALID", "The signature is not the new wallet's signature of this challenge");

      const onChain = await writes.investorOf(wallet);
      if (onChain !== zeroHash && onChain !== application.investorId) {
        throw new FolioError("KYC_WALLET_REGISTERED", "This wallet is already linked to another investor on chain");
      }
      await db.transaction(async (tx) => {
        const current = (await applicationOfWallet(tx, viewer, true))!;
        await refuseTaken(tx, wallet);
        await tx.query("insert into kyc_wallets (wallet, application_id) values ($1, $2)", [wallet, current.id]);
        const onChainNow = current.investorId !== null && current.status === "approved" && onChain === zeroHash;
        if (onChainNow) {
          await writes.addWallets(tx, { applicationId: current.id, key: `kyc:${current.id}:wallet:${wallet}`, investorId: current.investorId!, wallets: [wallet] });
        }
        await recordAudit(tx, { actor: viewer, action: "kyc.wallet.link", target: current.id, outcome: "success", details: { wallet, onChain: onChainNow } });
      });
      log.info({ msg: "wallet linked", applicationId: application.id });
      return (await applicationOfWallet(db, viewer))!;
    },
  };

  async function refuseTaken(q: Queryable, wallet: Address) {
    const { rows } = await q.query("select 1 from kyc_wallets where wallet = $1", [wallet]);
    if (rows.length) throw new FolioError("KYC_WALLET_TAKEN", "This wallet is already linked to a KYC application");
  }
}

const challengeInvalid = () =>
  new FolioError("KYC_LINK_CHALLENGE_INVALID", "The wallet-link challenge is unknown or already used", { hint: "Ask for a new one with requestWalletLink" });
