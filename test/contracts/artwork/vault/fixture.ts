import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { CertificateMock, FractionVault, SecurityToken, VaultHostileCashMock } from "../../../../typechain-types";
import { AgentPermission, COUNTRY, DAY, InvestorFlag, investorId, platformFixture } from "../../token/fixture";
import { NO_RULES, type TokenRules } from "../../../../scripts/lib/security-token";

export { AgentPermission, COUNTRY, DAY, InvestorFlag, investorId };
export { CODE, STATUS } from "../../token/fixture";

export const CERT_ID = 7n;
export const SHARES = 10_000n;
/** 2.5 cash units (6 decimals) per share. */
export const PRICE = 2_500_000n;
export const RESERVE = 1_000_000n;
export const METADATA_HASH = ethers.id("canonical metadata of Untitled (1961)");
export const METADATA_URI = "ipfs://bafkreiexamplecanonicalmetadataofuntitled1961";
/** What the platform's compliance agent may do on a share token: everything but mint, burn and forced transfer. */
export const COMPLIANCE_PERMISSIONS =
  AgentPermission.FREEZE | AgentPermission.RECOVERY | AgentPermission.PAUSE | AgentPermission.DOCUMENTS | AgentPermission.RULES;

export interface Allocation { holder: string; shares: bigint }
export interface Terms {
  name: string;
  symbol: string;
  decimals: number;
  shares: bigint;
  allocations: Allocation[];
  metadataHash: string;
  metadataUri: string;
  rules: TokenRules;
  documents: { name: string; uri: string; documentHash: string }[];
  agents: { agent: string; permissions: number }[];
  thresholdBps: number;
  reservePricePerShare: bigint;
  maxBuyoutDuration: number;
}

const TERMS_TYPE =
  "tuple(string name,string symbol,uint8 decimals,uint256 shares,tuple(address holder,uint256 shares)[] allocations," +
  "bytes32 metadataHash,string metadataUri," +
  "tuple(uint8 countryMode,uint16[] countries,bool accreditedOnly,uint32 maxInvestors,uint256 maxBalance) rules," +
  "tuple(bytes32 name,string uri,bytes32 documentHash)[] documents,tuple(address agent,uint16 permissions)[] agents," +
  "uint16 thresholdBps,uint256 reservePricePerShare,uint64 maxBuyoutDuration)";

/** `abi.encode(Terms)`: the data a curator sends with the certificate. */
export function encodeTerms(terms: Terms): string {
  return ethers.AbiCoder.defaultAbiCoder().encode([TERMS_TYPE], [terms]);
}

export const STATUS_OF_VAULT = { None: 0n, Locked: 1n, Buyout: 2n, Released: 3n } as const;

/**
 * The platform (registry, factory, investors alice, bob, carol, dave, erin), a FractionVault allowed as an issuer
 * and verified in the registry, a certificate contract with certificate 7 owned by the gallery (an allowed
 * curator), a cash token held by the buyer (a verified investor), and `tokenAgent` as the compliance agent named in
 * the default terms. Nothing is locked yet.
 */
export async function vaultPlatformFixture() {
  const p = await platformFixture();
  const [gallery, buyer, stranger, buyer2] = p.spare as [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
  const vault = (await (await ethers.getContractFactory("FractionVault")).deploy(
    p.owner.address,
    await p.factory.getAddress(),
  )) as unknown as FractionVault;
  const vaultAddress = await vault.getAddress();
  await p.factory.setIssuer(vaultAddress, true);
  const reg = p.registry.connect(p.kycAgent);
  await reg.registerInvestor(investorId("fraction-vault"), vaultAddress, COUNTRY.FR, p.kycUntil, InvestorFlag.ACCREDITED);
  await reg.registerInvestor(investorId("gallery"), gallery.address, COUNTRY.FR, p.kycUntil, InvestorFlag.ACCREDITED);
  await reg.registerInvestor(investorId("buyer"), buyer.address, COUNTRY.DE, p.kycUntil, InvestorFlag.ACCREDITED);
  await reg.registerInvestor(investorId("buyer2"), buyer2.address, COUNTRY.DE, p.kycUntil, InvestorFlag.ACCREDITED);

  const certificate = (await (await ethers.getContractFactory("CertificateMock")).deploy()) as unknown as CertificateMock;
  await certificate.mint(gallery.address, CERT_ID);
  await vault.setCertificateContract(await certificate.getAddress(), true);
  await vault.setCurator(gallery.address, true);

  const cash = (await (await ethers.getContractFactory("VaultHostileCashMock")).deploy()) as unknown as VaultHostileCashMock;
  for (const who of [buyer, buyer2]) {
    await cash.mint(who.address, 10n ** 15n);
    await cash.connect(who).approve(vaultAddress, ethers.MaxUint256);
  }
  return { ...p, vault, vaultAddress, certificate, cash, gallery, buyer, buyer2, stranger };
}

export type VaultPlatform = Awaited<ReturnType<typeof vaultPlatformFixture>>;

/** Default terms: 10,000 whole shares to alice (5,000), bob (3,000) and carol (2,000), threshold 90 %. */
export function defaultTerms(f: VaultPlatform, overrides: Partial<Terms> = {}): Terms {
  return {
    name: "Untitled (1961) fractions",
    symbol: "UNT61",
    decimals: 0,
    shares: SHARES,
    allocations: [
      { holder: f.alice.address, shares: 5_000n },
      { holder: f.bob.address, shares: 3_000n },
      { holder: f.carol.address, shares: 2_000n },
    ],
    metadataHash: METADATA_HASH,
    metadataUri: METADATA_URI,
    rules: NO_RULES,
    documents: [{ name: ethers.encodeBytes32String("terms"), uri: "ipfs://bafkreitermsofthefractions", documentHash: ethers.id("terms v1") }],
    agents: [{ agent: f.tokenAgent.address, permissions: COMPLIANCE_PERMISSIONS }],
    thresholdBps: 9_000,
    reservePricePerShare: RESERVE,
    maxBuyoutDuration: 30 * DAY,
    ...overrides,
  };
}

/** The gallery sends certificate 7 to the vault with `terms`. */
export function sendCertificate(f: VaultPlatform, terms: Terms | string, id = CERT_ID, from: HardhatEthersSigner = f.gallery) {
  const data = typeof terms === "string" ? terms : encodeTerms(terms);
  return f.certificate.connect(from)["safeTransferFrom(address,address,uint256,bytes)"](from.address, f.vaultAddress, id, data);
}

/** Certificate 7 locked with the default terms (vault 1) and its share token. */
export async function lockedFixture() {
  const f = await vaultPlatformFixture();
  const terms = defaultTerms(f);
  await sendCertificate(f, terms);
  const info = await f.vault.vaultOf(1);
  const token = (await ethers.getContractAt("SecurityToken", info.token)) as unknown as SecurityToken;
  return { ...f, terms, token, vaultId: 1n };
}

export type Locked = Awaited<ReturnType<typeof lockedFixture>>;

/** A buy-out by `buyer` at PRICE open for 14 days on the locked vault; `cashBefore`: cash balances before it. */
export async function buyoutFixture() {
  const f = await lockedFixture();
  const cashBefore = {} as Record<string, bigint>;
  for (const who of [f.alice, f.bob, f.carol, f.buyer, f.buyer2]) cashBefore[who.address] = await f.cash.balanceOf(who.address);
  const deadline = (await time.latest()) + 14 * DAY;
  await f.vault.connect(f.buyer).startBuyout(f.vaultId, await f.cash.getAddress(), PRICE, deadline);
  for (const who of [f.alice, f.bob, f.carol]) {
    await f.token.connect(who).approve(f.vaultAddress, ethers.MaxUint256);
  }
  return { ...f, deadline, cashBefore };
}

export type Buyout = Awaited<ReturnType<typeof buyoutFixture>>;

/**
 * Conservation, checked after every scenario:
 * - shares: token supply + shares acquired in the open buy-out − tendered shares the vault holds == shares issued,
 *   and the vault holds exactly the tendered shares plus the shares it owes (no stray shares);
 * - cash: the vault's balance of `cash` equals `cashOwed(cash)`, which equals the open escrow still unspent plus the
 *   claimable credits of every account.
 */
export async function expectConserved(f: Locked, accounts: string[] = []) {
  const info = await f.vault.vaultOf(f.vaultId);
  const b = await f.vault.buyoutOf(f.vaultId);
  const everyone = [...new Set([f.alice.address, f.bob.address, f.carol.address, f.dave.address, f.erin.address, f.gallery.address, f.buyer.address, f.buyer2.address, ...accounts])];
  let owed = 0n;
  for (const a of everyone) owed += await f.vault.sharesOwed(f.vaultId, a);
  const supply = await f.token.totalSupply();
  const held = await f.token.balanceOf(f.vaultAddress);
  if (info.status === STATUS_OF_VAULT.Released) {
    expect(supply, "supply after release").to.equal(0n);
    expect(held, "vault shares after release").to.equal(0n);
    expect(b.acquired, "acquired after release").to.equal(info.shares);
  } else if (info.status === STATUS_OF_VAULT.Buyout) {
    expect(supply + b.acquired - b.tendered, "supply + acquired - tendered").to.equal(info.shares);
    expect(held, "vault shares").to.equal(b.tendered + owed);
  } else {
    expect(supply, "supply while locked").to.equal(info.shares);
    expect(held, "vault shares while locked").to.equal(owed);
  }
  let holdersShares = 0n;
  for (const a of everyone) holdersShares += await f.token.balanceOf(a);
  expect(holdersShares + held, "every share is with a known holder or the vault").to.equal(supply);

  const cash = await f.cash.getAddress();
  let credits = 0n;
  for (const a of everyone) credits += await f.vault.claimable(cash, a);
  const escrow = info.status === STATUS_OF_VAULT.Buyout ? (info.shares - b.acquired) * b.pricePerShare : 0n;
  expect(await f.vault.cashOwed(cash), "cashOwed = escrow + credits").to.equal(escrow + credits);
  expect(await f.cash.balanceOf(f.vaultAddress), "vault cash balance = what it owes").to.equal(escrow + credits);
}

/**
 * A holder always ends with shares or cash: (shares held + shares the vault owes it) × price + cash received +
 * cash claimable == its shares at the start × price.
 */
export async function expectHolderWhole(f: Buyout, holder: HardhatEthersSigner, startShares: bigint, price = PRICE) {
  const cash = await f.cash.getAddress();
  const shares = (await f.token.balanceOf(holder.address)) + (await f.vault.sharesOwed(f.vaultId, holder.address));
  const received = (await f.cash.balanceOf(holder.address)) - f.cashBefore[holder.address]!;
  const claimable = await f.vault.claimable(cash, holder.address);
  expect(shares * price + received + claimable, `${holder.address} keeps its value`).to.equal(startShares * price);
}
