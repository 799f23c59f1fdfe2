import { createWalletClient, getAddress, http, keccak256, toHex, zeroAddress, type Abi, type Address, type Hex } from "viem";
import { cashTokenAbi, identityRegistryAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import { orderTypedData, type MarketOrder } from "../../../lib/market/order.ts";
import { DECLARE, MY_CLAIMS } from "../../../test/server/distributions/distribution-fixture.ts";
import { APPROVE, SAVE, SUBMIT, UPLOAD, completeApplication, pdf } from "../../../test/server/kyc/kyc-fixture.ts";
import { LOT, PLACE, SET_SETTINGS, TICK } from "../../../test/server/market/market-fixture.ts";
import { devAccount } from "../../../test/support/sign-in.ts";
import { LOCAL_CHAIN_ID } from "../local-chain.ts";
import { OFFICER, type FaultPlatform } from "./fault-platform.ts";

const E18 = 10n ** 18n;
/** The issuer (deployer, treasury holder, registry agent), the market's seller and buyer. */
export const ISSUER = 0;
export const SELLER = 1;
export const BUYER = 2;
/** KYC applicants: dev accounts past anvil's funded ten and the role actors, needing no ether (the server pays). */
export const APPLICANTS_FROM = 20;

/**
 * The writes a scenario drives through the real server: KYC approvals (registry writes through the outbox), token
 * transfers (for the indexer), matched market orders (trades settled through the outbox) and a distribution round.
 */
export function createWorkload(p: FaultPlatform) {
  const registry = getAddress(p.deployment.contracts.IdentityRegistry!.address);
  const settlement = getAddress(p.deployment.contracts.Settlement!.address);
  const cash = getAddress(p.deployment.contracts.CashToken!.address);
  const token = getAddress(p.deployment.tokens[0]!);
  const transport = http(p.chain.rpcUrl, { batch: false });
  let nonce = BigInt(Date.now());
  let nextApplicant = APPLICANTS_FROM;

  async function write(index: number, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
    const wallet = createWalletClient({ account: devAccount(index), transport });
    const hash = await wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
    const receipt = await p.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} from #${index} reverted`);
    return receipt;
  }

  const w = {
    token,
    cash,
    settlement,
    /** The seller and buyer verified by the issuer (another KYC agent), funded and approved; the market opened. */
    async openMarket() {
      const validUntil = (await p.client.getBlock()).timestamp + 3650n * 86_400n;
      for (const index of [SELLER, BUYER]) {
        await write(ISSUER, registry, identityRegistryAbi, "registerInvestor", [keccak256(toHex(`faults:${index}`)), devAccount(index).address, 276, validUntil, 0]);
        await write(ISSUER, token, securityTokenAbi, "transfer", [devAccount(index).address, 1_000n * E18]);
        await write(ISSUER, cash, cashTokenAbi, "mint", [devAccount(index).address, 10n ** 15n]);
        await write(index, token, securityTokenAbi, "approve", [settlement, 10n ** 30n]);
        await write(index, cash, cashTokenAbi, "approve", [settlement, 10n ** 30n]);
      }
      await write(ISSUER, cash, cashTokenAbi, "mint", [devAccount(ISSUER).address, 10n ** 15n]);
      await p.gqlOk(ISSUER, SET_SETTINGS, { t: token, s: { cashToken: cash, tickSize: TICK.toString(), lotSize: LOT.toString(), enabled: true } });
    },
    /** `count` new applicants sign in and submit a complete application; returns the application ids. */
    async submitApplications(count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const index = nextApplicant++;
        await p.gqlOk(index, SAVE, { input: completeApplication({ legalName: `Fault Applicant ${index}` }) });
        await p.gqlOk(index, UPLOAD, { kind: "IDENTITY", base64: Buffer.from(pdf()).toString("base64") });
        ids.push((await p.gqlOk(index, SUBMIT)).submitKycApplication.id);
      }
      return ids;
    },
    /** The compliance officer approves each application: one registry write each, through the outbox. */
    async approve(ids: string[]) {
      for (const id of ids) await p.gqlOk(OFFICER, APPROVE, { id, d: { country: "DE", validityDays: 365 } });
    },
    /** `count` security-token transfers between the seller and the buyer, one block each. */
    async transfers(count: number) {
      for (let i = 0; i < count; i++) {
        const [from, to] = i % 2 ? [BUYER, SELLER] : [SELLER, BUYER];
        await write(from, token, securityTokenAbi, "transfer", [devAccount(to).address, E18]);
      }
    },
    /** `count` sell orders of the seller, each crossed by a buyer's order at the same price: `count` trades. */
    async trade(count: number) {
      const expiry = (await p.client.getBlock()).timestamp + 86_400n;
      for (let i = 0; i < count; i++) {
        for (const [index, side] of [[SELLER, 1], [BUYER, 0]] as const) {
          const order: MarketOrder = { maker: devAccount(index).address, side, token, cashToken: cash, amount: 10n * LOT, price: 100n * TICK, nonce: nonce++, expiry, taker: zeroAddress };
          const signature = await devAccount(index).signTypedData(orderTypedData(order, LOCAL_CHAIN_ID, settlement));
          const input = {
            order: { maker: order.maker, side: side === 0 ? "BUY" : "SELL", token, cashToken: cash, amount: order.amount.toString(), price: order.price.toString(), nonce: order.nonce.toString(), expiry: order.expiry.toString() },
            signature,
          };
          await p.gqlOk(index, PLACE, input);
        }
      }
    },
    /** The issuer declares and funds a round at the indexed head; the seller claims its share. */
    async distribute() {
      const { rows } = await p.db.query<{ last_block: string }>("select last_block::text as last_block from indexer_cursor");
      const declared = await p.gqlOk(ISSUER, DECLARE, {
        input: { token, recordBlock: Number(rows[0]!.last_block), cashToken: cash, amount: "1000000000", deadline: ((await p.client.getBlock()).timestamp + 7n * 86400n).toString(), excludedWallets: [devAccount(ISSUER).address] },
      });
      const issuer = createWalletClient({ account: devAccount(ISSUER), transport });
      for (const tx of declared.declareDistribution.fundingTransactions) {
        const hash = await issuer.sendTransaction({ to: tx.to, data: tx.data, value: BigInt(tx.value ?? 0), chain: null });
        const receipt = await p.client.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`funding transaction to ${tx.to} (${tx.description}) reverted`);
      }
      const id = declared.declareDistribution.distribution.id as string;
      // The indexer stays `confirmations` blocks behind the head: blocks on top of the funding let it see it.
      for (let i = 0; i < p.confirmations; i++) await p.rpc("evm_mine");
      // The claim appears once the indexer has seen the funding.
      let seen: unknown = null;
      for (let i = 0; i < 300; i++) {
        seen = await p.gqlOk(SELLER, MY_CLAIMS);
        const claims = (seen as any).myClaims.edges.map((e: any) => e.node).filter((n: any) => n.distribution.id === id && n.claimTransaction);
        if (claims.length) {
          const seller = createWalletClient({ account: devAccount(SELLER), transport });
          const hash = await seller.sendTransaction({ to: claims[0].claimTransaction.to, data: claims[0].claimTransaction.data as Hex, chain: null });
          await p.client.waitForTransactionReceipt({ hash });
          return id;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the claim of distribution ${id} never became available: ${JSON.stringify(seen).slice(0, 800)}`);
    },
  };
  return w;
}

export type Workload = ReturnType<typeof createWorkload>;
