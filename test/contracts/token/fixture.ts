import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { IdentityRegistry, SecurityToken, TokenFactory } from "../../../typechain-types";
import { AgentPermission, InvestorFlag, NO_RULES, type TokenRules } from "../../../scripts/lib/security-token";

export const E18 = 10n ** 18n;
export const DAY = 24 * 3600;
export const COUNTRY = { FR: 250, DE: 276, US: 840, CH: 756 } as const;
export const STATUS = { NONE: 0, ACTIVE: 1, LIQUIDATE_ONLY: 2, SUSPENDED: 3 } as const;
export { AgentPermission, InvestorFlag };

/** The restriction codes of contracts/token/RestrictionCodes.sol. */
export const CODE = {
  SUCCESS: 0,
  PAUSED: 1,
  INVALID_RECIPIENT: 2,
  SENDER_NOT_ELIGIBLE: 3,
  RECIPIENT_NOT_VERIFIED: 4,
  RECIPIENT_LIQUIDATE_ONLY: 5,
  SENDER_FROZEN: 6,
  RECIPIENT_FROZEN: 7,
  SPENDER_FROZEN: 8,
  INSUFFICIENT_ALLOWANCE: 9,
  INSUFFICIENT_BALANCE: 10,
  TOKENS_FROZEN: 11,
  TOKENS_LOCKED: 12,
  COUNTRY_NOT_ALLOWED: 13,
  NOT_ACCREDITED: 14,
  MAX_INVESTORS_REACHED: 15,
  MAX_BALANCE_EXCEEDED: 16,
  SUPPLY_OVERFLOW: 17,
  INVALID_APPROVER: 18,
} as const;

export const investorId = (name: string) => ethers.id(`folio-test:${name}`);

export interface Platform {
  registry: IdentityRegistry;
  factory: TokenFactory;
  opsAddress: string;
  owner: HardhatEthersSigner;
  kycAgent: HardhatEthersSigner;
  tokenAgent: HardhatEthersSigner;
  /** Investors alice, bob, carol, dave (one wallet each), erin (two wallets: erin, erin2), and an outsider. */
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  dave: HardhatEthersSigner;
  erin: HardhatEthersSigner;
  erin2: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  spare: HardhatEthersSigner[];
  kycUntil: number;
}

/** Registry, ops library and factory, with five registered investors. */
export async function platformFixture(): Promise<Platform> {
  const [owner, kycAgent, tokenAgent, alice, bob, carol, dave, erin, erin2, outsider, ...spare] = await ethers.getSigners();
  const registry = await (await ethers.getContractFactory("IdentityRegistry")).deploy(owner!.address);
  await registry.addAgent(kycAgent!.address);
  const ops = await (await ethers.getContractFactory("SecurityTokenOps")).deploy();
  const opsAddress = await ops.getAddress();
  const factory = await (await ethers.getContractFactory("TokenFactory", { libraries: { SecurityTokenOps: opsAddress } })).deploy(
    owner!.address,
    await registry.getAddress(),
  );
  const kycUntil = (await time.latest()) + 365 * DAY;
  const reg = registry.connect(kycAgent!);
  await reg.registerInvestor(investorId("alice"), alice!.address, COUNTRY.FR, kycUntil, InvestorFlag.ACCREDITED);
  await reg.registerInvestor(investorId("bob"), bob!.address, COUNTRY.DE, kycUntil, InvestorFlag.ACCREDITED);
  await reg.registerInvestor(investorId("carol"), carol!.address, COUNTRY.US, kycUntil, InvestorFlag.US_PERSON);
  await reg.registerInvestor(investorId("dave"), dave!.address, COUNTRY.CH, kycUntil, 0);
  await reg.registerInvestor(investorId("erin"), erin!.address, COUNTRY.FR, kycUntil, InvestorFlag.ACCREDITED);
  await reg.addWallet(investorId("erin"), erin2!.address);
  return {
    registry, factory, opsAddress,
    owner: owner!, kycAgent: kycAgent!, tokenAgent: tokenAgent!,
    alice: alice!, bob: bob!, carol: carol!, dave: dave!, erin: erin!, erin2: erin2!, outsider: outsider!,
    spare, kycUntil,
  };
}

/** Issues a token through the factory with `rules`; the token agent holds every permission. */
export async function issue(p: Platform, rules: TokenRules = NO_RULES, extra: { agents?: { agent: string; permissions: number }[] } = {}) {
  await p.factory.issueToken({
    name: "Folio Test Share",
    symbol: "FTS",
    decimals: 18,
    owner: p.owner.address,
    identityRegistry: ethers.ZeroAddress,
    onchainID: ethers.ZeroAddress,
    rules,
    documents: [{ name: ethers.encodeBytes32String("prospectus"), uri: "ipfs://prospectus", documentHash: ethers.id("prospectus v1") }],
    agents: extra.agents ?? [{ agent: p.tokenAgent.address, permissions: AgentPermission.ALL }],
  });
  const tokens = await p.factory.tokens();
  const token = (await ethers.getContractAt("SecurityToken", tokens[tokens.length - 1]!)) as unknown as SecurityToken;
  return { token, agentToken: token.connect(p.tokenAgent) };
}

/** A token without rules; alice, bob and erin hold 1,000 each. */
export async function fundedFixture() {
  const p = await platformFixture();
  const { token, agentToken } = await issue(p);
  for (const who of [p.alice, p.bob, p.erin]) await agentToken.mint(who.address, 1000n * E18);
  return { ...p, token, agentToken };
}
