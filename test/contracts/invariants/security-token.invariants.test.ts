import { expect } from "chai";
import fc from "fast-check";
import { ethers, network } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { COUNTRY, DAY, E18, InvestorFlag, STATUS, fundedFixture, investorId } from "../token/fixture";
import { Step, attempt, checkInvariants, deployBatch, readAll, type View } from "./harness";

// The security token and its identity registry under random sequences of holder, agent and KYC operations. The model
// knows who is linked to which investor, each investor's status and KYC expiry, which addresses are frozen, whether
// the token is paused, every balance and every allowance; it predicts which operations must be refused (paused,
// unverified or frozen parties) and what every successful one moves. Amounts, lock-ups and partial freezes are left
// to the chain: the invariants check them.

type Fixture = Awaited<ReturnType<typeof fundedFixture>> & { frankId: string; batch: Awaited<ReturnType<typeof deployBatch>> };

/** Wallet names, in index order: erin and erin2 are one investor; outsider is unknown until `register`. */
const WALLETS = ["alice", "bob", "carol", "dave", "erin", "erin2", "outsider"] as const;
type WalletName = (typeof WALLETS)[number];
const INVESTORS = ["alice", "bob", "carol", "dave", "erin", "frank"] as const;
type InvestorName = (typeof INVESTORS)[number];
/** Spenders whose allowances the model follows (G10): one verified investor, one stranger. */
const SPENDERS = ["carol", "outsider"] as const;
/** KYC set to expire this far ahead; `time` moves by whole days, so a check never falls near the boundary. */
const SHORT_KYC = 3600;

interface Investor {
  status: number;
  kycUntil: number;
  country: number;
  flags: number;
}

interface Model {
  minted: bigint;
  burned: bigint;
  paused: boolean;
  balances: Map<string, bigint>;
  allowances: Map<string, bigint>;
  frozen: Set<string>;
  investors: Map<InvestorName, Investor>;
  /** Wallet → the investor it is linked to now (absent: unlinked). */
  linked: Map<string, InvestorName>;
  /** Wallet → the investor it was ever linked to (a wallet stays attributed after unlinking). */
  attributed: Map<string, InvestorName>;
  kycUntil: number;
}

async function invariantFixture(): Promise<Fixture> {
  const f = await fundedFixture();
  return { ...f, frankId: investorId("frank"), batch: await deployBatch() };
}

function address(f: Fixture, name: WalletName): string {
  return f[name].address;
}

function initialModel(f: Fixture): Model {
  const balances = new Map<string, bigint>(WALLETS.map((w) => [address(f, w), 0n]));
  for (const w of ["alice", "bob", "erin"] as const) balances.set(address(f, w), 1000n * E18);
  const investors = new Map<InvestorName, Investor>([
    ["alice", { status: STATUS.ACTIVE, kycUntil: f.kycUntil, country: COUNTRY.FR, flags: InvestorFlag.ACCREDITED }],
    ["bob", { status: STATUS.ACTIVE, kycUntil: f.kycUntil, country: COUNTRY.DE, flags: InvestorFlag.ACCREDITED }],
    ["carol", { status: STATUS.ACTIVE, kycUntil: f.kycUntil, country: COUNTRY.US, flags: InvestorFlag.US_PERSON }],
    ["dave", { status: STATUS.ACTIVE, kycUntil: f.kycUntil, country: COUNTRY.CH, flags: 0 }],
    ["erin", { status: STATUS.ACTIVE, kycUntil: f.kycUntil, country: COUNTRY.FR, flags: InvestorFlag.ACCREDITED }],
  ]);
  const linked = new Map<string, InvestorName>([
    [address(f, "alice"), "alice"], [address(f, "bob"), "bob"], [address(f, "carol"), "carol"],
    [address(f, "dave"), "dave"], [address(f, "erin"), "erin"], [address(f, "erin2"), "erin"],
  ]);
  return {
    minted: 3000n * E18, burned: 0n, paused: false, balances, allowances: new Map(), frozen: new Set(),
    investors, linked, attributed: new Map(linked), kycUntil: f.kycUntil,
  };
}

const allowanceKey = (owner: string, spender: string) => `${owner}>${spender}`;

/** Whether the model says `wallet` is verified at chain time `now` (ACTIVE, linked, KYC not expired). */
function verified(m: Model, wallet: string, now: number): boolean {
  const name = m.linked.get(wallet);
  if (!name) return false;
  const inv = m.investors.get(name)!;
  return inv.status === STATUS.ACTIVE && inv.kycUntil > now + 60;
}

/** The state of the chain the invariants read, in one batch. */
async function readChain(f: Fixture) {
  const ws = WALLETS.map((w) => address(f, w));
  const n = ws.length;
  const perWallet = (contract: View[0], fn: string) => ws.map((w): View => [contract, fn, [w]]);
  const views: View[] = [
    ...perWallet(f.token, "balanceOf"),
    ...perWallet(f.token, "getFrozenTokens"),
    ...perWallet(f.token, "spendableBalanceOf"),
    ...perWallet(f.registry, "isVerified"),
    ...perWallet(f.registry, "party"),
    ...ws.flatMap((owner) => SPENDERS.map((s): View => [f.token, "allowance", [owner, address(f, s)]])),
    ...INVESTORS.map((name): View => [f.token, "investorBalance", [investorId(name)]]),
    [f.token, "totalSupply"],
    [f.token, "investorCount"],
    [f.token, "balanceOf", [ethers.ZeroAddress]],
    [f.token, "compliance"],
    [f.token, "identityRegistry"],
    [f.token, "paused"],
  ];
  const [r, now] = await Promise.all([readAll(f.batch, views), time.latest()]);
  const take = (count: number) => r.splice(0, count);
  return {
    ws, balances: take(n) as bigint[], frozen: take(n) as bigint[], spendable: take(n) as bigint[],
    isVerified: take(n) as boolean[], parties: take(n) as [string, bigint][],
    allowances: take(n * SPENDERS.length) as bigint[], investorBalances: take(INVESTORS.length) as bigint[],
    totalSupply: r[0] as bigint, investorCount: r[1] as bigint, zero: r[2] as bigint, compliance: r[3] as string,
    registry: r[4] as string, paused: r[5] as boolean, now,
  };
}

async function invariants(m: Model, f: Fixture) {
  const c = await readChain(f);
  const idOf = (name: InvestorName) => investorId(name);

  // G1: the supply is what was minted less what was burned.
  expect(c.totalSupply, "G1 totalSupply == minted − burned").to.equal(m.minted - m.burned);
  // G2: balances sum to the supply.
  expect(c.balances.reduce((a, b) => a + b, 0n), "G2 Σ balances == totalSupply").to.equal(c.totalSupply);
  // G8: the zero address holds nothing.
  expect(c.zero, "G8 balanceOf(0) == 0").to.equal(0n);
  // G4: the token is its own compliance and reads the platform's registry.
  expect(c.compliance, "G4 compliance bound to this token").to.equal(await f.token.getAddress());
  expect(c.registry, "G4 identity registry bound").to.equal(await f.registry.getAddress());
  expect(c.paused, "G5 pause state as the model").to.equal(m.paused);

  const totals = new Map<string, bigint>();
  c.ws.forEach((w, i) => {
    const balance = c.balances[i]!;
    // G3: frozen never exceeds the balance, and neither does frozen + spendable.
    expect(c.frozen[i]! <= balance, `G3 frozen ${c.frozen[i]} <= balance ${balance} of ${WALLETS[i]}`).to.equal(true);
    expect(c.frozen[i]! + c.spendable[i]! <= balance, `G3 frozen + spendable <= balance of ${WALLETS[i]}`).to.equal(true);
    // G9: every balance change was one the model made (a transfer by the holder or its spender, or an agent's act).
    expect(balance, `G9 balance of ${WALLETS[i]} moved only by authorised operations`).to.equal(m.balances.get(w));
    // G7: the registry's answers are the model's (attribution, and verification, which needs a linked wallet).
    const attributed = m.attributed.get(w);
    expect(c.parties[i]![0], `G7 attribution of ${WALLETS[i]}`).to.equal(attributed ? idOf(attributed) : ethers.ZeroHash);
    expect(c.isVerified[i], `G7 isVerified(${WALLETS[i]})`).to.equal(verified(m, w, c.now));
    // G13: whoever holds tokens is attributed to a registered investor (verified, or explicitly suspended,
    // liquidate-only, expired, unlinked or frozen: never a stranger).
    if (balance > 0n) expect(c.parties[i]![0], `G13 holder ${WALLETS[i]} is a known investor`).to.not.equal(ethers.ZeroHash);
    if (attributed) totals.set(attributed, (totals.get(attributed) ?? 0n) + balance);
  });
  // G7: the token's cached per-investor totals and investor count equal a recomputation from the registry.
  let holding = 0n;
  for (const [i, name] of INVESTORS.entries()) {
    const total = totals.get(name) ?? 0n;
    expect(c.investorBalances[i], `G7 investorBalance(${name})`).to.equal(total);
    if (total > 0n) holding++;
  }
  expect(c.investorCount, "G7 investorCount").to.equal(holding);
  // G10: allowances change only through their owner's approve or their spender's transferFrom.
  let k = 0;
  for (const owner of c.ws) {
    for (const s of SPENDERS) {
      expect(c.allowances[k++], `G10 allowance ${owner} → ${s}`).to.equal(m.allowances.get(allowanceKey(owner, address(f, s))) ?? 0n);
    }
  }
}

// ---------------------------------------------------------------- commands

const wallet = fc.constantFrom(...WALLETS);
const permille = fc.oneof(fc.constant(0), fc.constant(1000), fc.constant(1001), fc.nat(1000));
const investor = fc.constantFrom(...INVESTORS);
const step = (label: string, act: (m: Model, f: Fixture) => Promise<void>) => new Step<Model, Fixture>(label, act, invariants);
const share = (amount: bigint, pm: number) => (amount * BigInt(pm)) / 1000n;
const move = (m: Model, from: string, to: string, amount: bigint) => {
  m.balances.set(from, m.balances.get(from)! - amount);
  m.balances.set(to, m.balances.get(to)! + amount);
};

/** What the model says must refuse a holder's transfer to `to`; undefined when the chain decides. */
function mustRefuse(m: Model, from: string, to: string, now: number, spender?: string): string | undefined {
  if (m.paused) return "G5 a transfer succeeded while paused";
  if (!verified(m, to, now)) return "G6 a transfer landed on an unverified recipient";
  if (m.frozen.has(from) || m.frozen.has(to) || (spender && m.frozen.has(spender))) return "G9 a frozen wallet moved tokens";
  return undefined;
}

const transfer = fc.record({ from: wallet, to: wallet, pm: permille }).map(({ from, to, pm }) =>
  step(`transfer(${from} → ${to}, ${pm}‰)`, async (m, f) => {
    const [a, b] = [address(f, from), address(f, to)];
    const amount = share(m.balances.get(a)!, pm);
    const refuse = mustRefuse(m, a, b, await time.latest());
    const r = await attempt(() => f.token.connect(f[from]).transfer(b, amount));
    if (r.ok) {
      expect(refuse, refuse).to.equal(undefined);
      move(m, a, b, amount);
    }
  }),
);

const transferFrom = fc.record({ spender: fc.constantFrom(...SPENDERS), from: wallet, to: wallet, pm: permille, allowancePm: permille }).map(
  ({ spender, from, to, pm, allowancePm }) =>
    step(`approve(${from} → ${spender}, ${allowancePm}‰) + transferFrom(${from} → ${to}, ${pm}‰)`, async (m, f) => {
      const [s, a, b] = [address(f, spender), address(f, from), address(f, to)];
      const allowance = share(m.balances.get(a)!, allowancePm);
      // Approvals stay possible while paused or frozen: only the holder's own call sets them.
      await (await f.token.connect(f[from]).approve(s, allowance)).wait();
      m.allowances.set(allowanceKey(a, s), allowance);
      const amount = share(m.balances.get(a)!, pm);
      const refuse = mustRefuse(m, a, b, await time.latest(), s);
      const r = await attempt(() => f.token.connect(f[spender]).transferFrom(a, b, amount));
      if (r.ok) {
        expect(refuse, refuse).to.equal(undefined);
        expect(amount <= allowance, "G10 transferFrom spent more than the allowance").to.equal(true);
        m.allowances.set(allowanceKey(a, s), allowance - amount);
        move(m, a, b, amount);
      }
    }),
);

const mint = fc.record({ to: wallet, amount: fc.bigInt({ min: 0n, max: 500n * E18 }), locked: fc.boolean() }).map(({ to, amount, locked }) =>
  step(`mint${locked ? "Locked" : ""}(${to}, ${amount})`, async (m, f) => {
    const b = address(f, to);
    const now = await time.latest();
    const r = await attempt(() =>
      locked ? f.agentToken.mintLocked(b, amount, now + 30 * DAY) : f.agentToken.mint(b, amount),
    );
    if (r.ok) {
      expect(m.paused, "G5 a mint succeeded while paused").to.equal(false);
      expect(verified(m, b, now), "G6 a mint landed on an unverified recipient").to.equal(true);
      expect(m.frozen.has(b), "a mint landed on a frozen wallet").to.equal(false);
      m.minted += amount;
      m.balances.set(b, m.balances.get(b)! + amount);
    }
  }),
);

const burn = fc.record({ from: wallet, pm: permille }).map(({ from, pm }) =>
  step(`burn(${from}, ${pm}‰)`, async (m, f) => {
    const a = address(f, from);
    const amount = share(m.balances.get(a)!, pm);
    const r = await attempt(() => f.agentToken.burn(a, amount));
    // Burning bypasses every rule: it fails only for an amount above the balance.
    expect(r.ok, "burn within the balance").to.equal(amount <= m.balances.get(a)!);
    if (r.ok) {
      m.burned += amount;
      m.balances.set(a, m.balances.get(a)! - amount);
    }
  }),
);

const forced = fc.record({ from: wallet, to: wallet, pm: permille }).map(({ from, to, pm }) =>
  step(`forcedTransfer(${from} → ${to}, ${pm}‰)`, async (m, f) => {
    const [a, b] = [address(f, from), address(f, to)];
    const amount = share(m.balances.get(a)!, pm);
    const now = await time.latest();
    const r = await attempt(() => f.agentToken.forcedTransfer(a, b, amount));
    if (r.ok) {
      // Forced transfers bypass pause and the sender's freeze, never the recipient's verification.
      expect(verified(m, b, now), "G6 a forced transfer landed on an unverified recipient").to.equal(true);
      expect(m.frozen.has(b), "a forced transfer landed on a frozen wallet").to.equal(false);
      move(m, a, b, amount);
    }
  }),
);

const freezeAddress = fc.record({ who: wallet, freeze: fc.boolean() }).map(({ who, freeze }) =>
  step(`setAddressFrozen(${who}, ${freeze})`, async (m, f) => {
    await (await f.agentToken.setAddressFrozen(address(f, who), freeze)).wait();
    if (freeze) m.frozen.add(address(f, who));
    else m.frozen.delete(address(f, who));
  }),
);

const partialFreeze = fc.record({ who: wallet, pm: permille, mode: fc.constantFrom("freeze", "unfreeze", "set") }).map(({ who, pm, mode }) =>
  step(`${mode}PartialTokens(${who}, ${pm}‰)`, async (m, f) => {
    const a = address(f, who);
    const frozen = await f.token.getFrozenTokens(a);
    const balance = m.balances.get(a)!;
    const send =
      mode === "freeze" ? () => f.agentToken.freezePartialTokens(a, share(balance - frozen, pm))
      : mode === "unfreeze" ? () => f.agentToken.unfreezePartialTokens(a, share(frozen, pm))
      : () => f.agentToken.setFrozenTokens(a, share(balance, pm));
    await attempt(send);
  }),
);

const recovery = fc.record({ lost: wallet, to: wallet }).map(({ lost, to }) =>
  step(`recoveryAddress(${lost} → ${to})`, async (m, f) => {
    const [a, b] = [address(f, lost), address(f, to)];
    const now = await time.latest();
    const r = await attempt(() => f.agentToken.recoveryAddress(a, b, ethers.ZeroAddress));
    if (r.ok) {
      expect(verified(m, b, now), "G6 a recovery landed on an unverified wallet").to.equal(true);
      expect(m.attributed.get(a), "G7 a recovery merged two investors").to.equal(m.linked.get(b));
      move(m, a, b, m.balances.get(a)!);
      // The freeze flag follows the balance.
      if (m.frozen.delete(a)) m.frozen.add(b);
    }
  }),
);

const pause = fc.boolean().map((paused) =>
  step(paused ? "pause()" : "unpause()", async (m, f) => {
    const r = await attempt(() => (paused ? f.agentToken.pause() : f.agentToken.unpause()));
    expect(r.ok, "the pause agent can always pause and unpause").to.equal(true);
    m.paused = paused;
  }),
);

// ---- identity registry: status, KYC expiry, wallets, registration

const registryAgent = (f: Fixture) => f.registry.connect(f.kycAgent);

const setStatus = fc.record({ who: investor, status: fc.constantFrom(STATUS.ACTIVE, STATUS.LIQUIDATE_ONLY, STATUS.SUSPENDED) }).map(({ who, status }) =>
  step(`setInvestorStatus(${who}, ${status})`, async (m, f) => {
    const r = await attempt(() => registryAgent(f).setInvestorStatus(investorId(who), status));
    expect(r.ok, "a registered investor's status can be set").to.equal(m.investors.has(who));
    if (r.ok) m.investors.get(who)!.status = status;
  }),
);

const kyc = fc.record({ who: investor, expire: fc.boolean() }).map(({ who, expire }) =>
  step(`${expire ? "expireSoon" : "renew"}KYC(${who})`, async (m, f) => {
    const inv = m.investors.get(who);
    if (!inv) return;
    const until = expire ? (await time.latest()) + SHORT_KYC : m.kycUntil;
    await (await registryAgent(f).updateInvestor(investorId(who), inv.country, until, inv.flags)).wait();
    inv.kycUntil = until;
  }),
);

const link = fc.record({ who: wallet, linked: fc.boolean() }).map(({ who, linked }) =>
  step(`${linked ? "addWallet" : "removeWallet"}(${who})`, async (m, f) => {
    const w = address(f, who);
    const owner = m.attributed.get(w);
    if (!owner) return;
    const r = await attempt(() => (linked ? registryAgent(f).addWallet(investorId(owner), w) : registryAgent(f).removeWallet(w)));
    expect(r.ok, "link toggles").to.equal(linked !== m.linked.has(w));
    if (!r.ok) return;
    if (linked) m.linked.set(w, owner);
    else m.linked.delete(w);
  }),
);

const register = fc.constant(null).map(() =>
  step("registerInvestor(frank, outsider)", async (m, f) => {
    const w = address(f, "outsider");
    const r = await attempt(() => registryAgent(f).registerInvestor(f.frankId, w, COUNTRY.DE, m.kycUntil, 0));
    expect(r.ok, "frank registers once").to.equal(!m.investors.has("frank"));
    if (!r.ok) return;
    m.investors.set("frank", { status: STATUS.ACTIVE, kycUntil: m.kycUntil, country: COUNTRY.DE, flags: 0 });
    m.linked.set(w, "frank");
    m.attributed.set(w, "frank");
  }),
);

const elapse = fc.constantFrom(1, 2, 40).map((days) =>
  step(`time(+${days} days)`, async () => {
    await network.provider.send("evm_increaseTime", [days * DAY]);
    await network.provider.send("evm_mine", []);
  }),
);

describe("SecurityToken and IdentityRegistry invariants (stateful)", function () {
  this.timeout(0);

  it("hold G1, G2, G3, G4, G5, G6, G7, G8, G9, G10 and G13 after every command of random token and registry sequences", async () => {
    await checkInvariants({
      name: "Security token and identity registry",
      fixture: invariantFixture,
      model: initialModel,
      invariants,
      commands: [
        transfer, transfer, transfer, transferFrom, mint, burn, forced, freezeAddress, partialFreeze, partialFreeze,
        recovery, pause, setStatus, kyc, link, register, elapse,
      ],
    });
  });
});
