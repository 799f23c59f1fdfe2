import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { createPublicClient, custom, type Address, type PublicClient } from "viem";
import type { Signer } from "ethers";
import { hashDistributionParams, type DistributionParams } from "../../../lib/distributions/distribution-params";
import { readHistory } from "../../../lib/distributions/distribution-verifier";
import {
  buildEntitlementTree,
  computeEntitlements,
  entitlementClaims,
  type EntitlementClaim,
  type EntitlementResult,
  type WithholdingRules,
} from "../../../lib/distributions/entitlements";
import { replayToRecordBlock } from "../../../lib/distributions/record-date-history";
import { AgentPermission, InvestorFlag } from "../../../scripts/lib/security-token";
import type {
  Distributor,
  DistributionShareTokenMock,
  HostileCashTokenMock,
  IdentityRegistry,
} from "../../../typechain-types";

export const DAY = 24 * 60 * 60;
export const COUNTRY = { FR: 250, DE: 276, US: 840 } as const;
export const FLAGS = InvestorFlag;
export const STATUS = { ACTIVE: 1, LIQUIDATE_ONLY: 2, SUSPENDED: 3 } as const;
export const NO_WITHHOLDING: WithholdingRules = { defaultBps: 0, rules: [] };

export function investorId(name: string): `0x${string}` {
  return ethers.id(`investor:${name}`) as `0x${string}`;
}

/**
 * Registry, share token, distributor and a cash token, with investors alice, bob and carol holding shares. `agent`
 * holds the DISTRIBUTION permission; `docsAgent` is an agent of the token with the DOCUMENTS permission only.
 */
export async function distributionFixture() {
  const [issuer, agent, alice, bob, carol, dave, outsider, aliceNew, docsAgent] = await ethers.getSigners();
  const registry = (await (await ethers.getContractFactory("IdentityRegistry")).deploy(issuer!.address)) as unknown as IdentityRegistry;
  await registry.addAgent(issuer!.address);
  const token = (await (await ethers.getContractFactory("DistributionShareTokenMock")).deploy(
    await registry.getAddress(),
    issuer!.address,
  )) as unknown as DistributionShareTokenMock;
  await token.setAgentPermissions(agent!.address, AgentPermission.DISTRIBUTION);
  await token.setAgentPermissions(docsAgent!.address, AgentPermission.DOCUMENTS);
  const distributor = (await (await ethers.getContractFactory("Distributor")).deploy(await registry.getAddress())) as unknown as Distributor;
  const cash = (await (await ethers.getContractFactory("HostileCashTokenMock")).deploy()) as unknown as HostileCashTokenMock;

  const kycUntil = (await time.latest()) + 3650 * DAY;
  const register = async (name: string, wallet: Signer, country: number, flags = 0) =>
    registry.registerInvestor(investorId(name), await wallet.getAddress(), country, kycUntil, flags);
  await register("alice", alice!, COUNTRY.FR);
  await register("bob", bob!, COUNTRY.US, FLAGS.US_PERSON);
  await register("carol", carol!, COUNTRY.DE, FLAGS.INSTITUTION);
  await register("dave", dave!, COUNTRY.FR);

  await token.mint(alice!.address, 600n * 10n ** 18n);
  await token.mint(bob!.address, 300n * 10n ** 18n);
  await token.mint(carol!.address, 100n * 10n ** 18n);

  await cash.mint(issuer!.address, 10n ** 30n);
  await cash.mint(agent!.address, 10n ** 30n);
  await cash.mint(docsAgent!.address, 10n ** 30n);
  await cash.connect(issuer!).approve(await distributor.getAddress(), ethers.MaxUint256);
  await cash.connect(agent!).approve(await distributor.getAddress(), ethers.MaxUint256);
  await cash.connect(docsAgent!).approve(await distributor.getAddress(), ethers.MaxUint256);

  const publicClient = createPublicClient({ transport: custom(hre.network.provider) }) as PublicClient;
  return { issuer: issuer!, agent: agent!, alice: alice!, bob: bob!, carol: carol!, dave: dave!, outsider: outsider!, aliceNew: aliceNew!, docsAgent: docsAgent!, registry, token, distributor, cash, kycUntil, publicClient };
}

export type DistributionFixture = Awaited<ReturnType<typeof distributionFixture>>;

export interface DeclareOptions {
  amount: bigint;
  recordBlock?: number;
  withholding?: WithholdingRules;
  excludedWallets?: string[];
  excludedInvestors?: string[];
  cashToken?: string;
  deadline?: number;
  funder?: Signer;
  /** Fund with this root instead of the computed one (to test a dishonest round). */
  overrideRoot?: string;
  /** Fund with this total instead of the computed one. */
  overrideTotal?: bigint;
}

export interface DeclaredRound {
  roundId: bigint;
  params: DistributionParams;
  result: EntitlementResult;
  claims: EntitlementClaim[];
  root: string;
  deadline: number;
  claimOf(name: string): EntitlementClaim;
}

/**
 * What the server does: replays the chain to the record block, computes entitlements with the shared module,
 * builds the tree and funds the round (signed here by the funder).
 */
export async function declareRound(f: DistributionFixture, options: DeclareOptions): Promise<DeclaredRound> {
  const recordBlock = options.recordBlock ?? (await ethers.provider.getBlockNumber());
  const token = (await f.token.getAddress()) as Address;
  const history = await readHistory(f.publicClient, token, (await f.registry.getAddress()) as Address, 0n, BigInt(recordBlock));
  const state = replayToRecordBlock(history, BigInt(recordBlock));
  const params: DistributionParams = {
    version: 1,
    chainId: 31337,
    token,
    cashToken: options.cashToken ?? (await f.cash.getAddress()),
    recordBlock,
    amount: options.amount,
    withholding: options.withholding ?? NO_WITHHOLDING,
    excludedWallets: options.excludedWallets ?? [],
    excludedInvestors: options.excludedInvestors ?? [],
  };
  const result = computeEntitlements({ ...params, holdings: state.holdings, investors: state.investors });
  const tree = buildEntitlementTree(result.entitlements);
  const claims = entitlementClaims(tree);
  const deadline = options.deadline ?? (await time.latest()) + 30 * DAY;
  const root = options.overrideRoot ?? tree.root;
  const funder = options.funder ?? f.issuer;
  await f.distributor.connect(funder).fundRound({
    token,
    cashToken: params.cashToken,
    total: options.overrideTotal ?? result.fundingTotal,
    merkleRoot: root,
    deadline,
    recordBlock,
    paramsHash: hashDistributionParams(params),
    paramsUri: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
  });
  const roundId = await f.distributor.roundCount();
  return {
    roundId,
    params,
    result,
    claims,
    root,
    deadline,
    claimOf(name: string) {
      const claim = claims.find((c) => c.investorId === investorId(name));
      if (!claim) throw new Error(`${name} has no entitlement in round ${roundId}`);
      return claim;
    },
  };
}
