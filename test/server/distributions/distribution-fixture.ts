import fs from "node:fs";
import path from "node:path";
import { createPublicClient, createWalletClient, http, keccak256, toHex, type Abi, type Address, type Hex } from "viem";
import { cashTokenAbi, distributorAbi, identityRegistryAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import type { DatabaseKind } from "../../support/databases.ts";
import { startTestPlatform } from "../../support/platform.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";

export const E18 = 10n ** 18n;
/** Dev account granted the AUDITOR platform role. */
export const AUDITOR = 12;
export const investorIdOf = (name: string): Hex => keccak256(toHex(`distribution-test:${name}`));
export const COUNTRY = { FR: 250, US: 840, DE: 276 } as const;
export const FLAG = { ACCREDITED: 1, QUALIFIED: 2, US_PERSON: 4, INSTITUTION: 8 } as const;

export const DECLARE = `mutation($input: DeclareDistributionInput!) {
  declareDistribution(input: $input) {
    distribution { id status recordBlock amount fundingTotal grossTotal withheldTotal netTotal dust merkleRoot paramsHash paramsUri investorCount claimableCount }
    fundingTransactions { to data value description }
    cashBalance
  }
}`;
export const DISTRIBUTION = `query($id: ID!) {
  distribution(id: $id) {
    id status roundId recordBlock deadline claimOpen fundingTotal netTotal dust claimedCount claimedTotal remaining
    reclaimed { amount to txHash } fundedTxHash paramsJson merkleRoot
  }
}`;
export const MY_CLAIMS = `{ myClaims { edges { node {
  distribution { id status roundId } investorId gross withheld net withholdingBps leafIndex proof claimed claimTxHash claimWallet
  claimTransaction { to data value }
} } } }`;

/**
 * A platform with the demo token held by investors of record: the issuer (dev #0, whose treasury investor holds
 * the rest) has the outbox worker running and pays in the demo CashToken.
 */
export async function startDistributionPlatform(kind: DatabaseKind) {
  const platform = await startTestPlatform(kind);
  await platform.db.query("insert into user_roles (address, role) values ($1, 'AUDITOR')", [devAccount(AUDITOR).address]);
  platform.app.outboxWorker.start();
  const transport = http(platform.chain.rpcUrl, { batch: false });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const deployment = JSON.parse(fs.readFileSync(path.join(platform.deploymentsDir, "31337.json"), "utf8"));
  const registry = deployment.contracts.IdentityRegistry.address as Address;
  const distributor = deployment.contracts.Distributor.address as Address;
  const cash = deployment.contracts.CashToken.address as Address;
  const token = deployment.tokens[0] as Address;
  const sessions = new Map<number, Record<string, string>>();

  const f = {
    platform,
    publicClient,
    registry,
    distributor,
    cash,
    token,
    deploymentBlock: deployment.deploymentBlock as number,
    wallet: (index: number) => devAccount(index).address,
    async as(index: number) {
      if (!sessions.has(index)) sessions.set(index, (await signIn(platform, index)).headers);
      return sessions.get(index)!;
    },
    async gql(index: number | null, query: string, variables?: Record<string, unknown>) {
      return platform.gql(query, variables, index === null ? {} : await f.as(index));
    },
    /** Sends a transaction from dev account `index` and fails on a revert. */
    async sendRaw(index: number, tx: { to: Address; data: Hex; value?: bigint | string }) {
      const client = createWalletClient({ account: devAccount(index), transport });
      const hash = await client.sendTransaction({ to: tx.to, data: tx.data, value: BigInt(tx.value ?? 0), chain: null });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`transaction from #${index} to ${tx.to} reverted`);
      return receipt;
    },
    async write(index: number, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
      const client = createWalletClient({ account: devAccount(index), transport });
      const hash = await client.writeContract({ address, abi, functionName, args, chain: null } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${functionName} from #${index} reverted`);
      return receipt;
    },
    register: (id: Hex, index: number, country: number, flags: number) =>
      f.write(0, registry, identityRegistryAbi, "registerInvestor", [id, devAccount(index).address, country, BigInt(Math.floor(Date.now() / 1000) + 3650 * 86400), flags]),
    addWallet: (id: Hex, index: number) => f.write(0, registry, identityRegistryAbi, "addWallet", [id, devAccount(index).address]),
    /** A security-token transfer between dev accounts. */
    transfer: (from: number, to: number, amount: bigint) => f.write(from, token, securityTokenAbi, "transfer", [devAccount(to).address, amount]),
    cashOf: (wallet: Address) => publicClient.readContract({ address: cash, abi: cashTokenAbi, functionName: "balanceOf", args: [wallet] }),
    remaining: async (roundId: bigint) => (await publicClient.readContract({ address: distributor, abi: distributorAbi, functionName: "round", args: [roundId] })).remaining,
    head: async () => Number(await publicClient.getBlockNumber()),
    sync: () => platform.app.indexer.syncToHead(),
    async increaseTime(seconds: number) {
      await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
      await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    },
    async chainTime() {
      return (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
    },
    async count(table: string) {
      const { rows } = await platform.db.query<{ n: string }>(`select count(*)::text as n from ${table}`);
      return Number(rows[0]!.n);
    },
    async close() {
      await platform.app.outboxWorker.close();
      await platform.close();
    },
  };
  return f;
}

export type DistributionPlatform = Awaited<ReturnType<typeof startDistributionPlatform>>;
