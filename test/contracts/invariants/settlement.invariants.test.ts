import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import type { ContractTransactionReceipt } from "ethers";
import { E18, SIDE, STATUS, USD, investorId, marketFixture, type Order } from "../market/fixture";
import { Step, attempt, checkInvariants, deployBatch, readAll, type View } from "./harness";

// The settlement under random order flows: signed orders (nonces shared between orders now and then), fills by
// takers, operator-paired settlements, cancels, nonce sweeps, halts, fee changes and withdrawals, KYC suspensions and
// address freezes on the security token. The model predicts exactly which trades settle and what each moves, so
// every balance, every order's remaining amount and the settlement's own holdings are checked after every command.

type Fixture = Awaited<ReturnType<typeof invariantFixture>>;

const PARTIES = ["alice", "bob", "carol", "dave", "erin", "outsider"] as const;
type Party = (typeof PARTIES)[number];
const PRICES = [1n * USD, 1_000_003n, 7n * USD + 1n, 19n * USD];
const AMOUNTS = [E18, 3n * E18, E18 / 3n, 5n * E18 + 7n, 1n];

interface Placed {
  order: Order;
  signature: string;
  hash: string;
  maker: Party;
}

interface Model {
  placed: Placed[];
  filled: Map<string, bigint>;
  /** `${maker}:${nonce}` of nonces used by a whole fill or a cancel. */
  usedNonces: Set<string>;
  minNonce: Map<string, bigint>;
  tokens: Map<string, bigint>;
  cash: Map<string, bigint>;
  /** Fees the settlement holds (G12: its only holdings). */
  fees: bigint;
  feeBps: number;
  feeRecipient: string;
  halted: boolean;
  suspended: Set<Party>;
  frozen: Set<Party>;
}

async function invariantFixture() {
  const f = await marketFixture();
  // Everyone can be on either side: bob and carol get shares, dave and the unregistered outsider get cash.
  for (const who of [f.bob, f.carol]) await f.agentToken.mint(who.address, 100n * E18);
  for (const who of [f.dave, f.outsider]) await f.cash.mint(who.address, 1_000_000n * USD);
  return { ...f, batch: await deployBatch() };
}

async function initialModel(f: Fixture): Promise<Model> {
  const tokens = new Map<string, bigint>();
  const cash = new Map<string, bigint>();
  for (const p of PARTIES) {
    tokens.set(f[p].address, await f.token.balanceOf(f[p].address));
    cash.set(f[p].address, await f.cash.balanceOf(f[p].address));
  }
  cash.set(f.feeRecipient.address, 0n);
  return {
    placed: [], filled: new Map(), usedNonces: new Set(), minNonce: new Map(), tokens, cash, fees: 0n, feeBps: 0,
    feeRecipient: ethers.ZeroAddress, halted: false, suspended: new Set(), frozen: new Set(),
  };
}

const nonceUsed = (m: Model, o: Order) => o.nonce < (m.minNonce.get(o.maker) ?? 0n) || m.usedNonces.has(`${o.maker}:${o.nonce}`);
const remaining = (m: Model, p: Placed) => (nonceUsed(m, p.order) ? 0n : p.order.amount - (m.filled.get(p.hash) ?? 0n));

async function invariants(m: Model, f: Fixture) {
  const views: View[] = [
    [f.token, "balanceOf", [f.settlementAddress]],
    [f.cash, "balanceOf", [f.settlementAddress]],
    [f.token, "totalSupply"],
    [f.settlement, "isTradingHalted", [f.token.target]],
    [f.cash, "balanceOf", [f.feeRecipient.address]],
    ...PARTIES.map((p): View => [f.token, "balanceOf", [f[p].address]]),
    ...PARTIES.map((p): View => [f.cash, "balanceOf", [f[p].address]]),
    ...m.placed.map((p): View => [f.settlement, "remainingAmount", [p.order]]),
    ...m.placed.map((p): View => [f.settlement, "filledAmount", [p.hash]]),
  ];
  const r = await readAll(f.batch, views);
  const [escrowTokens, escrowCash, supply, halted, recipientCash] = r.splice(0, 5) as [bigint, bigint, bigint, boolean, bigint];
  const tokens = r.splice(0, PARTIES.length) as bigint[];
  const cash = r.splice(0, PARTIES.length) as bigint[];
  const remainingOnChain = r.splice(0, m.placed.length) as bigint[];
  const filledOnChain = r.splice(0, m.placed.length) as bigint[];

  // G12: the market is non-custodial: it holds no security tokens, and no cash but the fees it accrued.
  expect(escrowTokens, "G12 the settlement holds no security tokens").to.equal(0n);
  expect(escrowCash, "G12 the settlement holds exactly the accrued fees").to.equal(m.fees);
  expect(halted, "G5 halt state as the model").to.equal(m.halted);
  // G2: every share is with a party (the market neither creates nor loses any).
  expect(tokens.reduce((a, b) => a + b, 0n), "G2 Σ balances == totalSupply").to.equal(supply);
  PARTIES.forEach((p, i) => {
    // G9: balances change only by the trades the model settled.
    expect(tokens[i], `G9 shares of ${p}`).to.equal(m.tokens.get(f[p].address));
    expect(cash[i], `G9 cash of ${p}`).to.equal(m.cash.get(f[p].address));
  });
  expect(recipientCash, "G9 cash of the fee recipient").to.equal(m.cash.get(f.feeRecipient.address));
  m.placed.forEach((p, i) => {
    // G12: an order's fills never exceed its amount, and a used nonce leaves nothing to fill.
    expect(filledOnChain[i]! <= p.order.amount, `G12 filled <= amount of order ${i}`).to.equal(true);
    expect(remainingOnChain[i], `G12 remaining of order ${i}`).to.equal(remaining(m, p));
  });
}

// ---------------------------------------------------------------- commands

const step = (label: string, act: (m: Model, f: Fixture) => Promise<void>) => new Step<Model, Fixture>(label, act, invariants);
const party = fc.constantFrom(...PARTIES);
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
/** OrderMath.cash for an 18-decimal token. */
const cashOf = (amount: bigint, price: bigint, roundUp: boolean) => (roundUp ? ceilDiv(amount * price, E18) : (amount * price) / E18);

interface Leg {
  placed: Placed;
  counterparty: string;
}

/** Whether one order may be used for `amount` against `counterparty` (Settlement._useOrder, in the model). */
const usable = (m: Model, { placed: p, counterparty }: Leg, amount: bigint) =>
  amount > 0n && !m.halted && !nonceUsed(m, p.order) && counterparty !== p.order.maker && amount <= remaining(m, p);

const partyOf = (f: Fixture, address: string) => PARTIES.find((p) => f[p].address === address)!;

/** Whether the trade's two token legs go through (the token's rules as the model knows them, and the balances). */
function deliverable(m: Model, f: Fixture, buyer: string, seller: string, amount: bigint, cash: bigint) {
  const [b, s] = [partyOf(f, buyer), partyOf(f, seller)];
  const verified = (p: Party) => p !== "outsider" && !m.suspended.has(p);
  return verified(b) && verified(s) && !m.frozen.has(b) && !m.frozen.has(s)
    && m.tokens.get(seller)! >= amount && m.cash.get(buyer)! >= cash;
}

/** Applies one trade to the model and checks the TradeExecuted event says the same. */
function applyTrade(m: Model, legs: Leg[], buyer: string, seller: string, amount: bigint, cash: bigint, receipt: ContractTransactionReceipt, f: Fixture) {
  const fee = (cash * BigInt(m.feeBps)) / 10_000n;
  const events = receipt.logs.map((l) => f.settlement.interface.parseLog(l)).filter((e) => e?.name === "TradeExecuted");
  expect(events.length, "one trade").to.equal(1);
  const [, , , evBuyer, evSeller, , evAmount, evPrice, evCash, evFee] = events[0]!.args;
  expect([evBuyer, evSeller, evAmount, evPrice, evCash, evFee], "G12 the trade is the one the model expects").to.deep.equal([buyer, seller, amount, legs[0]!.placed.order.price, cash, fee]);
  for (const { placed: p } of legs) {
    const filled = m.filled.get(p.hash) ?? 0n;
    // A whole fill in one trade uses the nonce; a partial one records the filled amount.
    if (filled === 0n && amount === p.order.amount) m.usedNonces.add(`${p.order.maker}:${p.order.nonce}`);
    else m.filled.set(p.hash, filled + amount);
  }
  m.tokens.set(seller, m.tokens.get(seller)! - amount);
  m.tokens.set(buyer, m.tokens.get(buyer)! + amount);
  m.cash.set(buyer, m.cash.get(buyer)! - cash);
  m.cash.set(seller, m.cash.get(seller)! + cash - fee);
  m.fees += fee;
}

const place = fc.record({ maker: party, side: fc.constantFrom(SIDE.BUY, SIDE.SELL), amount: fc.constantFrom(...AMOUNTS), price: fc.constantFrom(...PRICES), nonce: fc.nat(5), taker: fc.option(party, { freq: 5 }) }).map(
  ({ maker, side, amount, price, nonce, taker }) =>
    step(`order(${maker} ${side === SIDE.SELL ? "sells" : "buys"} ${amount} at ${price}, nonce ${nonce + 1}${taker ? `, only ${taker}` : ""})`, async (m, f) => {
      const order = await f.order(f[maker], side, amount, price, { nonce: BigInt(nonce + 1), taker: taker ? f[taker].address : ethers.ZeroAddress });
      m.placed.push({ order, signature: await f.sign(f[maker], order), hash: f.hash(order), maker });
    }),
);

const fill = fc.record({ taker: party, order: fc.nat(), quarters: fc.constantFrom(1, 2, 3, 4, 5) }).map(({ taker, order, quarters }) =>
  step(`fill(order #${order} by ${taker}, ${quarters}/4)`, async (m, f) => {
    const p = m.placed[order % Math.max(m.placed.length, 1)];
    if (!p) return;
    const amount = (p.order.amount * BigInt(quarters)) / 4n;
    const t = f[taker].address;
    const makerSells = p.order.side === SIDE.SELL;
    const [buyer, seller] = makerSells ? [t, p.order.maker] : [p.order.maker, t];
    const cash = cashOf(amount, p.order.price, makerSells);
    const allowedTaker = p.order.taker === ethers.ZeroAddress || p.order.taker === t;
    const ok = usable(m, { placed: p, counterparty: t }, amount) && allowedTaker && cash > 0n && deliverable(m, f, buyer, seller, amount, cash);
    let receipt: ContractTransactionReceipt | null = null;
    const r = await attempt(async () => {
      const tx = await f.settlement.connect(f[taker]).fill([{ order: p.order, signature: p.signature, amount }], 100);
      return { wait: async () => (receipt = await tx.wait()) };
    });
    expect(r.ok, `G5/G6/G12 fill of ${amount} by ${taker}`).to.equal(ok);
    if (r.ok) applyTrade(m, [{ placed: p, counterparty: t }], buyer, seller, amount, cash, receipt!, f);
  }),
);

const settle = fc.record({ maker: fc.nat(), taker: fc.nat(), thirds: fc.constantFrom(1, 2, 3) }).map(({ maker, taker, thirds }) =>
  step(`settle(order #${maker} with order #${taker}, ${thirds}/3)`, async (m, f) => {
    const n = Math.max(m.placed.length, 1);
    const [mk, tk] = [m.placed[maker % n], m.placed[taker % n]];
    if (!mk || !tk) return;
    const smaller = mk.order.amount < tk.order.amount ? mk.order.amount : tk.order.amount;
    const amount = (smaller * BigInt(thirds)) / 3n;
    const makerSells = mk.order.side === SIDE.SELL;
    const [buyer, seller] = makerSells ? [tk.order.maker, mk.order.maker] : [mk.order.maker, tk.order.maker];
    const cash = cashOf(amount, mk.order.price, makerSells);
    const limit = cashOf(amount, tk.order.price, !makerSells);
    const legs: Leg[] = [{ placed: mk, counterparty: tk.order.maker }, { placed: tk, counterparty: mk.order.maker }];
    const allowed = (l: Leg) => l.placed.order.taker === ethers.ZeroAddress || l.placed.order.taker === l.counterparty;
    // Both legs are checked against the state before the trade: a pair of one order with itself is a self-trade.
    const ok = legs.every((l) => usable(m, l, amount) && allowed(l)) && mk.order.side !== tk.order.side && cash > 0n
      && (makerSells ? cash <= limit : cash >= limit) && deliverable(m, f, buyer, seller, amount, cash);
    let receipt: ContractTransactionReceipt | null = null;
    const r = await attempt(async () => {
      const tx = await f.settlement.connect(f.operator).settle([{ maker: mk.order, makerSignature: mk.signature, taker: tk.order, takerSignature: tk.signature, amount }]);
      return { wait: async () => (receipt = await tx.wait()) };
    });
    expect(r.ok, `G5/G6/G12 settlement of ${amount}`).to.equal(ok);
    if (r.ok) applyTrade(m, legs, buyer, seller, amount, cash, receipt!, f);
  }),
);

const cancel = fc.record({ order: fc.nat(), sweep: fc.boolean() }).map(({ order, sweep }) =>
  step(`${sweep ? "cancelUpTo" : "cancel"}(order #${order})`, async (m, f) => {
    const p = m.placed[order % Math.max(m.placed.length, 1)];
    if (!p) return;
    const maker = f[p.maker];
    if (!sweep) {
      await (await f.settlement.connect(maker).cancel(p.order.nonce)).wait();
      m.usedNonces.add(`${p.order.maker}:${p.order.nonce}`);
      return;
    }
    // Voids every nonce below the order's: the order itself stays live.
    const r = await attempt(() => f.settlement.connect(maker).cancelUpTo(p.order.nonce));
    expect(r.ok, "cancelUpTo only raises the minimum").to.equal(p.order.nonce > (m.minNonce.get(p.order.maker) ?? 0n));
    if (r.ok) m.minNonce.set(p.order.maker, p.order.nonce);
  }),
);

const halt = fc.boolean().map((halted) =>
  step(halted ? "haltTrading()" : "resumeTrading()", async (m, f) => {
    const token = await f.token.getAddress();
    const r = await attempt(() => (halted ? f.settlement.connect(f.tokenAgent).haltTrading(token) : f.settlement.connect(f.tokenAgent).resumeTrading(token)));
    expect(r.ok, "halting toggles").to.equal(halted !== m.halted);
    if (r.ok) m.halted = halted;
  }),
);

const fee = fc.constantFrom(0, 1, 37, 100).map((bps) =>
  step(`setFee(${bps})`, async (m, f) => {
    await (await f.settlement.setFee(bps, f.feeRecipient.address)).wait();
    m.feeBps = bps;
    m.feeRecipient = f.feeRecipient.address;
  }),
);

const withdraw = fc.constant(null).map(() =>
  step("withdrawFees()", async (m, f) => {
    const r = await attempt(async () => f.settlement.connect(f.outsider).withdrawFees(await f.cash.getAddress()));
    expect(r.ok, "fees are withdrawn when there are some, to the recipient").to.equal(m.fees > 0n && m.feeRecipient !== ethers.ZeroAddress);
    if (!r.ok) return;
    m.cash.set(m.feeRecipient, m.cash.get(m.feeRecipient)! + m.fees);
    m.fees = 0n;
  }),
);

const kyc = party.map((who) =>
  step(`toggleSuspended(${who})`, async (m, f) => {
    if (who === "outsider") return;
    const suspend = !m.suspended.has(who);
    await (await f.registry.connect(f.kycAgent).setInvestorStatus(investorId(who), suspend ? STATUS.SUSPENDED : STATUS.ACTIVE)).wait();
    if (suspend) m.suspended.add(who);
    else m.suspended.delete(who);
  }),
);

const freeze = party.map((who) =>
  step(`toggleFrozen(${who})`, async (m, f) => {
    const frozen = !m.frozen.has(who);
    await (await f.agentToken.setAddressFrozen(f[who].address, frozen)).wait();
    if (frozen) m.frozen.add(who);
    else m.frozen.delete(who);
  }),
);

describe("Settlement invariants (stateful)", function () {
  this.timeout(0);

  it("hold G2, G5, G6, G9 and G12 after every command of random order flows (filled <= amount, nothing held but fees)", async () => {
    await checkInvariants({
      name: "Settlement",
      fixture: invariantFixture,
      model: initialModel,
      invariants,
      commands: [place, place, place, fill, fill, fill, settle, settle, settle, cancel, halt, fee, withdraw, kyc, freeze],
    });
  });
});
