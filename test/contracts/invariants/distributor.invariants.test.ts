import { expect } from "chai";
import fc from "fast-check";
import { ethers, network } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { buildEntitlementTree, computeEntitlements, entitlementClaims, type EntitlementClaim } from "../../../lib/distributions/entitlements";
import { COUNTRY, DAY, FLAGS, STATUS, distributionFixture, investorId } from "../distribution/fixture";
import { Step, attempt, checkInvariants, deployBatch, readAll, type View } from "./harness";

// The distributor under random sequences of funding (honest rounds, and dishonest ones whose tree promises more than
// was funded), claims with Merkle proofs from the right and wrong wallets, forged claims, pushed claims, reclaims
// after the deadline, KYC suspensions, a cash token that blocks a wallet, a recovered wallet and the passing of time.
// The model predicts every claim's outcome exactly and follows every round's remaining cash.

type Fixture = Awaited<ReturnType<typeof distributionFixture>> & { batch: Awaited<ReturnType<typeof deployBatch>> };

const HOLDERS = ["alice", "bob", "carol"] as const;
const INVESTORS = ["alice", "bob", "carol", "dave"] as const;
type InvestorName = (typeof INVESTORS)[number];
/** Claiming wallets: each investor's own, alice's recovery wallet (linked by `recover`) and a stranger. */
const WALLETS = ["alice", "bob", "carol", "dave", "aliceNew", "outsider"] as const;
type WalletName = (typeof WALLETS)[number];
const FUNDERS = ["issuer", "agent", "docsAgent"] as const;
const PROFILES: Record<InvestorName, { country: number; flags: number }> = {
  alice: { country: COUNTRY.FR, flags: 0 },
  bob: { country: COUNTRY.US, flags: FLAGS.US_PERSON },
  carol: { country: COUNTRY.DE, flags: FLAGS.INSTITUTION },
  dave: { country: COUNTRY.FR, flags: 0 },
};

interface Round {
  id: bigint;
  total: bigint;
  remaining: bigint;
  paid: bigint;
  reclaimed: bigint;
  deadline: number;
  claims: EntitlementClaim[];
  claimed: Set<number>;
}

interface Model {
  rounds: Round[];
  /** Cash balance of every claiming wallet. */
  cash: Map<string, bigint>;
  status: Map<InvestorName, number>;
  /** Wallet → investor it is linked to. */
  linked: Map<string, InvestorName>;
  blocked: Set<string>;
}

async function invariantFixture(): Promise<Fixture> {
  const f = await distributionFixture();
  return { ...f, batch: await deployBatch() };
}

async function initialModel(f: Fixture): Promise<Model> {
  const cash = new Map<string, bigint>();
  for (const w of WALLETS) cash.set(f[w].address, await f.cash.balanceOf(f[w].address));
  return {
    rounds: [],
    cash,
    status: new Map(INVESTORS.map((n) => [n, STATUS.ACTIVE])),
    linked: new Map(INVESTORS.map((n) => [f[n].address, n])),
    blocked: new Set(),
  };
}

/** Whether the model says `wallet` may claim for `investor` at chain time `now`. */
function mayClaim(m: Model, wallet: string, investor: string): boolean {
  const name = m.linked.get(wallet);
  return name !== undefined && investorId(name) === investor && m.status.get(name) === STATUS.ACTIVE;
}

const open = (r: Round, now: number) => r.deadline > now + 60;

async function invariants(m: Model, f: Fixture) {
  const views: View[] = [
    [f.cash, "balanceOf", [await f.distributor.getAddress()]],
    [f.distributor, "roundCount"],
    ...WALLETS.map((w): View => [f.cash, "balanceOf", [f[w].address]]),
    ...m.rounds.map((r): View => [f.distributor, "round", [r.id]]),
    ...m.rounds.flatMap((r) => r.claims.map((c): View => [f.distributor, "isClaimed", [r.id, c.index]])),
  ];
  const results = await readAll(f.batch, views);
  const [held, count] = results.splice(0, 2) as [bigint, bigint];
  const balances = results.splice(0, WALLETS.length) as bigint[];
  const rounds = results.splice(0, m.rounds.length) as { remaining: bigint; total: bigint }[];

  expect(count, "round count").to.equal(BigInt(m.rounds.length));
  let remaining = 0n;
  m.rounds.forEach((r, i) => {
    const chain = rounds[i]!;
    // G11: a round never pays out more than it was funded with, whatever its tree promises.
    expect(chain.remaining, `G11 round ${r.id} remaining`).to.equal(r.remaining);
    expect(chain.total, `G11 round ${r.id} total`).to.equal(r.total);
    expect(r.paid + r.reclaimed + r.remaining, `G11 round ${r.id}: paid + reclaimed + remaining == funded`).to.equal(r.total);
    remaining += r.remaining;
    for (const c of r.claims) {
      expect(results.shift(), `G11 round ${r.id} entitlement ${c.index} paid at most once`).to.equal(r.claimed.has(c.index));
    }
  });
  // G11: the distributor holds exactly what its rounds still owe: rounds never dip into each other.
  expect(held, "G11 distributor cash == Σ remaining").to.equal(remaining);
  // G9: cash reaches a wallet only through a claim the model paid.
  WALLETS.forEach((w, i) => expect(balances[i], `G9 cash of ${w}`).to.equal(m.cash.get(f[w].address)));
}

// ---------------------------------------------------------------- commands

const step = (label: string, act: (m: Model, f: Fixture) => Promise<void>) => new Step<Model, Fixture>(label, act, invariants);
const pick = <T>(items: readonly T[], i: number) => items[i % items.length];

const fund = fc
  .record({
    funder: fc.constantFrom(...FUNDERS),
    amount: fc.bigInt({ min: 1n, max: 10n ** 24n }),
    bps: fc.array(fc.constantFrom(0, 1500, 3000, 10_000), { minLength: 3, maxLength: 3 }),
    days: fc.constantFrom(1, 3, 10),
    // A dishonest round funds less than its tree promises.
    shortBy: fc.constantFrom(0n, 0n, 1n, 10n ** 20n),
  })
  .map(({ funder, amount, bps, days, shortBy }) =>
    step(`fundRound(${funder}, ${amount}, withholding ${bps.join("/")}, ${days} days, short by ${shortBy})`, async (m, f) => {
      const holdings = await Promise.all(HOLDERS.map(async (n) => ({ wallet: f[n].address, investorId: investorId(n), balance: await f.token.balanceOf(f[n].address) })));
      const result = computeEntitlements({
        amount,
        holdings,
        investors: new Map(INVESTORS.map((n) => [investorId(n), PROFILES[n]])),
        withholding: { defaultBps: 0, rules: HOLDERS.map((n, i) => ({ bps: bps[i]!, country: PROFILES[n].country, flags: PROFILES[n].flags })) },
      });
      if (result.netTotal === 0n) return;
      const claims = entitlementClaims(buildEntitlementTree(result.entitlements));
      const total = result.fundingTotal > shortBy ? result.fundingTotal - shortBy : result.fundingTotal;
      const deadline = (await time.latest()) + days * DAY;
      const r = await attempt(async () =>
        f.distributor.connect(f[funder]).fundRound({
          token: await f.token.getAddress(),
          cashToken: await f.cash.getAddress(),
          total,
          merkleRoot: buildEntitlementTree(result.entitlements).root,
          deadline,
          recordBlock: await ethers.provider.getBlockNumber(),
          paramsHash: ethers.id(`round ${m.rounds.length + 1}`),
          paramsUri: "ipfs://params",
        }),
      );
      // Only the token's owner and DISTRIBUTION agents fund (the docs agent is an agent without it).
      expect(r.ok, `G9 ${funder} funds`).to.equal(funder !== "docsAgent");
      if (!r.ok) return;
      m.rounds.push({ id: BigInt(m.rounds.length + 1), total, remaining: total, paid: 0n, reclaimed: 0n, deadline, claims, claimed: new Set() });
      if (m.cash.has(f[funder].address)) m.cash.set(f[funder].address, m.cash.get(f[funder].address)! - total);
    }),
  );

/** Pays `claim` of `r` to `wallet` in the model, if every condition the contract checks holds. */
function expectedPay(m: Model, r: Round, claim: EntitlementClaim, wallet: string, now: number, forged: boolean): boolean {
  return open(r, now) && !r.claimed.has(claim.index) && mayClaim(m, wallet, claim.investorId) && !forged
    && claim.amount <= r.remaining && !m.blocked.has(wallet);
}

function pay(m: Model, r: Round, claim: EntitlementClaim, wallet: string) {
  r.claimed.add(claim.index);
  r.remaining -= claim.amount;
  r.paid += claim.amount;
  m.cash.set(wallet, m.cash.get(wallet)! + claim.amount);
}

const claim = fc.record({ round: fc.nat(), entry: fc.nat(), wallet: fc.constantFrom(...WALLETS), forged: fc.boolean() }).map(({ round, entry, wallet, forged }) =>
  step(`claim(round #${round}, entry #${entry}, by ${wallet}${forged ? ", forged amount" : ""})`, async (m, f) => {
    const r = pick(m.rounds, round);
    if (!r) return;
    const c = pick(r.claims, entry)!;
    const w = f[wallet].address;
    const amount = forged ? c.amount + 1n : c.amount;
    const now = await time.latest();
    const res = await attempt(() => f.distributor.connect(f[wallet]).claim(r.id, c.index, c.investorId, amount, c.proof));
    expect(res.ok, `G11 claim of ${amount} from round ${r.id} by ${wallet}`).to.equal(expectedPay(m, r, c, w, now, forged));
    if (res.ok) pay(m, r, c, w);
  }),
);

const push = fc.record({ round: fc.nat(), entries: fc.array(fc.record({ entry: fc.nat(), wallet: fc.constantFrom(...WALLETS) }), { minLength: 1, maxLength: 3 }) }).map(
  ({ round, entries }) =>
    step(`pushClaims(round #${round}, ${entries.map((e) => `#${e.entry}→${e.wallet}`).join(", ")})`, async (m, f) => {
      const r = pick(m.rounds, round);
      if (!r) return;
      const requests = entries.map(({ entry, wallet }) => {
        const c = pick(r.claims, entry)!;
        return { index: c.index, investorId: c.investorId, amount: c.amount, wallet: f[wallet].address, proof: c.proof, claim: c };
      });
      const now = await time.latest();
      const res = await attempt(() => f.distributor.connect(f.agent).pushClaims(r.id, requests.map(({ claim: _, ...q }) => q)));
      expect(res.ok, "G11 a push is refused only once the round closed").to.equal(open(r, now));
      if (!res.ok) return;
      // Entries are paid in order; a skipped one stays claimable.
      for (const q of requests) if (expectedPay(m, r, q.claim, q.wallet, now, false)) pay(m, r, q.claim, q.wallet);
    }),
);

const reclaim = fc.record({ round: fc.nat(), by: fc.constantFrom("issuer", "agent", "outsider") as fc.Arbitrary<"issuer" | "agent" | "outsider"> }).map(({ round, by }) =>
  step(`reclaim(round #${round}, by ${by})`, async (m, f) => {
    const r = pick(m.rounds, round);
    if (!r) return;
    const now = await time.latest();
    const res = await attempt(() => f.distributor.connect(f[by]).reclaim(r.id));
    // The token's owner, or the round's funder while it still may distribute; only after the deadline.
    const funder = await f.distributor.round(r.id).then((x) => x.funder);
    const allowed = by === "issuer" || (by === "agent" && funder === f.agent.address);
    expect(res.ok, `G11 reclaim of round ${r.id} by ${by}`).to.equal(allowed && !open(r, now) && r.remaining > 0n);
    if (!res.ok) return;
    const to = f[by].address;
    if (m.cash.has(to)) m.cash.set(to, m.cash.get(to)! + r.remaining);
    r.reclaimed += r.remaining;
    r.remaining = 0n;
  }),
);

const suspend = fc.record({ who: fc.constantFrom(...INVESTORS), status: fc.constantFrom(STATUS.ACTIVE, STATUS.SUSPENDED, STATUS.LIQUIDATE_ONLY) }).map(({ who, status }) =>
  step(`setInvestorStatus(${who}, ${status})`, async (m, f) => {
    await (await f.registry.setInvestorStatus(investorId(who), status)).wait();
    m.status.set(who, status);
  }),
);

const block = fc.record({ wallet: fc.constantFrom(...WALLETS), blocked: fc.boolean() }).map(({ wallet, blocked }) =>
  step(`cash.setBlocked(${wallet}, ${blocked})`, async (m, f) => {
    await (await f.cash.setBlocked(f[wallet].address, blocked)).wait();
    if (blocked) m.blocked.add(f[wallet].address);
    else m.blocked.delete(f[wallet].address);
  }),
);

const recover = fc.boolean().map((link) =>
  step(link ? "addWallet(alice, aliceNew)" : "removeWallet(alice)", async (m, f) => {
    const w = link ? f.aliceNew.address : f.alice.address;
    const r = await attempt(() => (link ? f.registry.addWallet(investorId("alice"), w) : f.registry.removeWallet(w)));
    if (!r.ok) return;
    if (link) m.linked.set(w, "alice");
    else m.linked.delete(w);
  }),
);

const elapse = fc.constantFrom(1, 2, 5).map((days) =>
  step(`time(+${days} days)`, async () => {
    await network.provider.send("evm_increaseTime", [days * DAY]);
    await network.provider.send("evm_mine", []);
  }),
);

describe("Distributor invariants (stateful)", function () {
  this.timeout(0);

  it("hold G11 and G9 after every command of random funding, claim, push and reclaim sequences (claims never exceed funding)", async () => {
    await checkInvariants({
      name: "Distributor",
      fixture: invariantFixture,
      model: initialModel,
      invariants,
      commands: [fund, fund, claim, claim, claim, claim, push, reclaim, suspend, block, recover, elapse],
    });
  });
});
