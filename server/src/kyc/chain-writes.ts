import { bytesToHex, type Address, type Hex } from "viem";
import { randomBytes } from "node:crypto";
import { identityRegistryAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import type { Chain } from "../chain/chain.ts";
import type { Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { Outbox } from "../outbox/outbox.ts";

/** IdentityRegistry statuses (contracts/interfaces/InvestorFlags.sol). */
export const REGISTRY_STATUS = { active: 1, liquidate_only: 2, suspended: 3 } as const;
export type ChainStatus = keyof typeof REGISTRY_STATUS;

/** Category flag bits of the IdentityRegistry. */
export const FLAG = { accredited: 1, qualified: 2, usPerson: 4, institution: 8 } as const;

export interface CategoryFlags {
  accredited: boolean;
  qualified: boolean;
  usPerson: boolean;
  institution: boolean;
}

export const flagsToBits = (f: CategoryFlags) =>
  (f.accredited ? FLAG.accredited : 0) | (f.qualified ? FLAG.qualified : 0) | (f.usPerson ? FLAG.usPerson : 0) | (f.institution ? FLAG.institution : 0);

export const bitsToFlags = (bits: number): CategoryFlags => ({
  accredited: (bits & FLAG.accredited) !== 0,
  qualified: (bits & FLAG.qualified) !== 0,
  usPerson: (bits & FLAG.usPerson) !== 0,
  institution: (bits & FLAG.institution) !== 0,
});

/** The token's agent permission bit for freezing wallets and tokens (contracts/interfaces/AgentPermissions.sol). */
export const FREEZE_PERMISSION = 4;

/** A fresh opaque investor id: 32 random bytes, never derived from personal data. */
export const newInvestorId = (): Hex => bytesToHex(randomBytes(32));

/**
 * The KYC service's on-chain writes. Each is enqueued in the outbox inside the caller's transaction (so the write
 * and the decision that causes it commit together) and recorded in kyc_chain_writes for `onChainStatus`.
 */
export function createKycChainWrites(options: { chain: Chain; outbox: Outbox }) {
  const { chain, outbox } = options;
  const registry = (): Address => {
    const entry = chain.deployment.contracts.IdentityRegistry;
    if (!entry) throw new FolioError("REGISTRY_NOT_DEPLOYED", `No IdentityRegistry in the deployment of chain ${chain.chainId}`);
    return entry.address as Address;
  };

  async function track(tx: Queryable, applicationIds: readonly string[], action: string, entryId: number) {
    for (const id of applicationIds) {
      await tx.query("insert into kyc_chain_writes (application_id, action, outbox_entry_id) values ($1, $2, $3)", [id, action, entryId]);
    }
  }

  return {
    registry,

    async registerInvestor(tx: Queryable, a: { applicationId: string; key: string; investorId: Hex; wallet: Address; country: number; validUntil: bigint; flags: number }) {
      const entry = await outbox.enqueue(
        { idempotencyKey: a.key, purpose: "kyc.registerInvestor", to: registry(), abi: identityRegistryAbi, functionName: "registerInvestor", args: [a.investorId, a.wallet, a.country, a.validUntil, a.flags] },
        { tx },
      );
      await track(tx, [a.applicationId], "registerInvestor", entry.id);
      return entry;
    },

    async registerInvestors(tx: Queryable, key: string, rows: { applicationId: string; investorId: Hex; wallet: Address; country: number; validUntil: bigint; flags: number }[]) {
      const entry = await outbox.enqueue(
        {
          idempotencyKey: key, purpose: "kyc.batchRegisterInvestors", to: registry(), abi: identityRegistryAbi, functionName: "batchRegisterInvestors",
          args: [rows.map((r) => r.investorId), rows.map((r) => r.wallet), rows.map((r) => r.country), rows.map((r) => r.validUntil), rows.map((r) => r.flags)],
        },
        { tx },
      );
      await track(tx, rows.map((r) => r.applicationId), "batchRegisterInvestors", entry.id);
      return entry;
    },

    async addWallets(tx: Queryable, a: { applicationId: string; key: string; investorId: Hex; wallets: Address[] }) {
      const entry = await outbox.enqueue(
        { idempotencyKey: a.key, purpose: "kyc.addWallets", to: registry(), abi: identityRegistryAbi, functionName: "batchAddWallets", args: [a.wallets.map(() => a.investorId), a.wallets] },
        { tx },
      );
      await track(tx, [a.applicationId], "addWallets", entry.id);
      return entry;
    },

    async setStatus(tx: Queryable, a: { applicationId: string; key: string; investorId: Hex; status: ChainStatus }) {
      const entry = await outbox.enqueue(
        { idempotencyKey: a.key, purpose: `kyc.setInvestorStatus.${a.status}`, to: registry(), abi: identityRegistryAbi, functionName: "setInvestorStatus", args: [a.investorId, REGISTRY_STATUS[a.status]] },
        { tx },
      );
      await track(tx, [a.applicationId], `setInvestorStatus:${a.status}`, entry.id);
      return entry;
    },

    /**
     * Gas of one `batchRegisterInvestors` with these rows, sent by the server's key, as the node estimates it now;
     * null when the node cannot estimate it (e.g. the batch needs more gas than a block holds).
     */
    async estimateRegisterInvestors(rows: { investorId: Hex; wallet: Address; country: number; validUntil: bigint; flags: number }[]): Promise<bigint | null> {
      return chain.client
        .estimateContractGas({
          account: outbox.sender, address: registry(), abi: identityRegistryAbi, functionName: "batchRegisterInvestors",
          args: [rows.map((r) => r.investorId), rows.map((r) => r.wallet), rows.map((r) => r.country), rows.map((r) => r.validUntil), rows.map((r) => r.flags)],
        })
        .catch(() => null);
    },

    /** The gas limit of the latest block: no transaction can use more. */
    async blockGasLimit(): Promise<bigint> {
      return (await chain.client.getBlock({ blockTag: "latest" })).gasLimit;
    },

    /** A renewal's decision: new KYC expiry, country and categories; the registry keeps the status as it is. */
    async updateInvestor(tx: Queryable, a: { applicationId: string; key: string; investorId: Hex; country: number; validUntil: bigint; flags: number }) {
      const entry = await outbox.enqueue(
        { idempotencyKey: a.key, purpose: "kyc.updateInvestor", to: registry(), abi: identityRegistryAbi, functionName: "updateInvestor", args: [a.investorId, a.country, a.validUntil, a.flags] },
        { tx },
      );
      await track(tx, [a.applicationId], "updateInvestor", entry.id);
      return entry;
    },

    async freezeWallets(tx: Queryable, a: { applicationId: string; key: string; token: Address; wallets: Address[]; frozen?: boolean }) {
      const frozen = a.frozen ?? true;
      const action = frozen ? "freezeWallets" : "unfreezeWallets";
      const entry = await outbox.enqueue(
        { idempotencyKey: a.key, purpose: `kyc.${action}`, to: a.token, abi: securityTokenAbi, functionName: "batchSetAddressFrozen", args: [a.wallets, a.wallets.map(() => frozen)] },
        { tx },
      );
      await track(tx, [a.applicationId], action, entry.id);
      return entry;
    },

    /** The key the outbox signs with: the server's agent on tokens and registry. */
    sender: outbox.sender,

    /**
     * Whether the server's key may freeze wallets on `token`: it owns the token or holds the FREEZE agent permission.
     * Ask only about tokens Folio's index knows: any other contract can answer whatever it likes.
     */
    async mayFreeze(token: Address): Promise<boolean> {
      const [owner, permissions] = await Promise.all([
        chain.client.readContract({ address: token, abi: securityTokenAbi, functionName: "owner" }),
        chain.client.readContract({ address: token, abi: securityTokenAbi, functionName: "agentPermissions", args: [outbox.sender] }),
      ]);
      return owner.toLowerCase() === outbox.sender.toLowerCase() || (permissions & FREEZE_PERMISSION) !== 0;
    },

    /** Whether a wallet is frozen (as a whole) on a token. */
    isFrozen: (token: Address, wallet: Address) => chain.client.readContract({ address: token, abi: securityTokenAbi, functionName: "isFrozen", args: [wallet] }),

    /** The registry's view of a wallet: its investor id (zero when unknown). */
    investorOf: (wallet: Address) => chain.client.readContract({ address: registry(), abi: identityRegistryAbi, functionName: "investorOf", args: [wallet] }),

    /** ERC-3643 isVerified: linked to an active investor whose KYC has not run out, by chain time. */
    isVerified: (wallet: Address) => chain.client.readContract({ address: registry(), abi: identityRegistryAbi, functionName: "isVerified", args: [wallet] }),

    /** The latest block's timestamp: KYC expiry is compared with chain time, as the registry does. */
    async chainTime(): Promise<bigint> {
      return (await chain.client.getBlock({ blockTag: "latest" })).timestamp;
    },
  };
}

export type KycChainWrites = ReturnType<typeof createKycChainWrites>;
