import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer, TypedDataDomain } from "ethers";
import type { CashToken, SecurityToken, Settlement } from "../../../typechain-types";
import { AgentPermission, NO_RULES, type TokenRules } from "../../../scripts/lib/security-token";
import { E18, platformFixture, type Platform } from "../token/fixture";
import { ORDER_TYPES as SHARED_ORDER_TYPES } from "../../../lib/market/order";

export { CODE, COUNTRY, DAY, E18, STATUS, investorId } from "../token/fixture";

export const SIDE = { BUY: 0, SELL: 1 } as const;
/** Cash units of the 6-decimal demo cash token. */
export const USD = 10n ** 6n;
export const MAX_UINT = ethers.MaxUint256;

/** An order exactly as signed (contracts/interfaces/ISettlement.sol `Order`). */
export interface Order {
  maker: string;
  side: number;
  token: string;
  cashToken: string;
  amount: bigint;
  price: bigint;
  nonce: bigint;
  expiry: bigint;
  taker: string;
}

/** The EIP-712 types the server and the console sign with (lib/market/order.ts), as ethers takes them. */
export const ORDER_TYPES = { Order: [...SHARED_ORDER_TYPES.Order] };

export async function domainOf(settlement: Settlement): Promise<TypedDataDomain> {
  const { chainId } = await ethers.provider.getNetwork();
  return { name: "Folio Settlement", version: "1", chainId, verifyingContract: await settlement.getAddress() };
}

/** Issues a Folio token through the factory with `decimals`; the token agent holds every permission. */
export async function issueToken(p: Platform, options: { decimals?: number; rules?: TokenRules; symbol?: string } = {}) {
  await p.factory.issueToken({
    name: "Folio Market Share",
    symbol: options.symbol ?? "FMS",
    decimals: options.decimals ?? 18,
    owner: p.owner.address,
    identityRegistry: ethers.ZeroAddress,
    onchainID: ethers.ZeroAddress,
    rules: options.rules ?? NO_RULES,
    documents: [],
    agents: [{ agent: p.tokenAgent.address, permissions: AgentPermission.ALL }],
  });
  const tokens = await p.factory.tokens();
  return (await ethers.getContractAt("SecurityToken", tokens[tokens.length - 1]!)) as unknown as SecurityToken;
}

/**
 * The platform of the token tests (registry, factory, investors alice, bob, carol, dave, erin; outsider is not
 * registered) with a Folio token (18 decimals), the demo cash token (6 decimals) and the Settlement. Sellers alice
 * and erin hold 1,000 tokens each; buyers bob and carol hold 1,000,000 cash each; everyone approved the Settlement
 * on both tokens. `operator` holds OPERATOR_ROLE; the fee is 0 until a test sets it.
 */
export async function marketFixture() {
  const p = await platformFixture();
  const [operator, feeRecipient, ...spare] = p.spare;
  const token = await issueToken(p);
  const cash = (await (await ethers.getContractFactory("CashToken")).deploy(p.owner.address, "Demo Dollar", "DUSD", 6)) as unknown as CashToken;
  const settlement = (await (await ethers.getContractFactory("Settlement")).deploy(p.owner.address)) as unknown as Settlement;
  await settlement.grantRole(await settlement.OPERATOR_ROLE(), operator!.address);
  const settlementAddress = await settlement.getAddress();

  const agentToken = token.connect(p.tokenAgent);
  for (const who of [p.alice, p.erin]) await agentToken.mint(who.address, 1000n * E18);
  for (const who of [p.bob, p.carol, p.alice, p.erin]) await cash.mint(who.address, 1_000_000n * USD);
  for (const who of [p.alice, p.bob, p.carol, p.dave, p.erin, p.outsider]) {
    await token.connect(who).approve(settlementAddress, MAX_UINT);
    await cash.connect(who).approve(settlementAddress, MAX_UINT);
  }
  const domain = await domainOf(settlement);
  const expiry = BigInt((await time.latest()) + 30 * 24 * 3600);
  let nextNonce = 1n;

  /** A sell or buy order of `amount` token units at `price` cash units per whole token, with defaults filled in. */
  const order = async (maker: { getAddress(): Promise<string> }, side: number, amount: bigint, price: bigint, extra: Partial<Order> = {}): Promise<Order> => ({
    maker: await maker.getAddress(),
    side,
    token: await token.getAddress(),
    cashToken: await cash.getAddress(),
    amount,
    price,
    nonce: nextNonce++,
    expiry,
    taker: ethers.ZeroAddress,
    ...extra,
  });
  const sign = (signer: Signer, o: Order, signDomain: TypedDataDomain = domain) => signer.signTypedData(signDomain, ORDER_TYPES, o);
  const hash = (o: Order) => ethers.TypedDataEncoder.hash(domain, ORDER_TYPES, o);

  return {
    ...p,
    operator: operator!,
    feeRecipient: feeRecipient!,
    spareSigners: spare,
    token,
    agentToken,
    cash,
    settlement,
    settlementAddress,
    domain,
    expiry,
    order,
    sign,
    hash,
  };
}

export type MarketFixture = Awaited<ReturnType<typeof marketFixture>>;

export interface Holdings {
  [name: string]: bigint;
}

/**
 * Balances of every party (the five investors, the outsider, the operator, the fee recipient and the Settlement
 * itself) in each token, keyed `<party>.<symbol>`, plus the filled amount of each order hash given.
 */
export async function holdings(
  f: MarketFixture,
  tokens: { balanceOf(a: string): Promise<bigint>; symbol(): Promise<string> }[] = [f.token, f.cash],
  orderHashes: string[] = [],
): Promise<Holdings> {
  const parties: [string, string][] = [
    ["alice", f.alice.address],
    ["bob", f.bob.address],
    ["carol", f.carol.address],
    ["dave", f.dave.address],
    ["erin", f.erin.address],
    ["outsider", f.outsider.address],
    ["operator", f.operator.address],
    ["feeRecipient", f.feeRecipient.address],
    ["settlement", f.settlementAddress],
  ];
  const out: Holdings = {};
  for (const t of tokens) {
    const symbol = await t.symbol();
    for (const [name, address] of parties) out[`${name}.${symbol}`] = await t.balanceOf(address);
  }
  for (const h of orderHashes) out[`filled.${h}`] = await f.settlement.filledAmount(h);
  return out;
}

/** Asserts that the sum of every asset over all parties is the same in both snapshots (nothing created or lost). */
export function expectConserved(before: Holdings, after: Holdings) {
  const sums = (h: Holdings) => {
    const s: Record<string, bigint> = {};
    for (const [key, value] of Object.entries(h)) {
      if (key.startsWith("filled.")) continue;
      const symbol = key.split(".")[1]!;
      s[symbol] = (s[symbol] ?? 0n) + value;
    }
    return s;
  };
  expect(sums(after)).to.deep.equal(sums(before));
}
