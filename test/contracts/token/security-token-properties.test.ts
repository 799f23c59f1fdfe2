import { expect } from "chai";
import fc from "fast-check";
import { ethers, network } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { CODE, COUNTRY, DAY, E18, InvestorFlag, STATUS, investorId, issue, platformFixture } from "./fixture";
import { refusalContext, refusalError, type RefusalContext } from "./helpers";

// Stateful property test: random sequences of transfers, transferFroms, mints (with and without lock-up), burns,
// investor-level burns and seizures, freezes, forced transfers, recoveries, registry changes (investor status, and
// replacing the token's registry with one that knows the investors under the same or other ids) and rule changes.
// After every step: balances sum to the supply, frozen <= balance, no unverified wallet received tokens, the investor
// count equals the number of investors holding, per-investor totals are exact, and every view answer equals what the
// transaction did: each restriction code maps to exactly the error (and arguments) the transaction reverts with.

const INVESTORS = ["alice", "bob", "carol", "dave", "erin"] as const;

/** A registry knowing the fixture's wallets; `rename` attributes some wallets to another investor. */
async function replacementRegistry(p: Awaited<ReturnType<typeof platformFixture>>, erin3: string, rename: Record<string, string>) {
  const registry = await (await ethers.getContractFactory("IdentityRegistry")).deploy(p.owner.address);
  await registry.addAgent(p.kycAgent.address);
  const reg = registry.connect(p.kycAgent);
  const wallets: [string, string, number, number][] = [
    ["alice", p.alice.address, COUNTRY.FR, InvestorFlag.ACCREDITED], ["bob", p.bob.address, COUNTRY.DE, InvestorFlag.ACCREDITED],
    ["carol", p.carol.address, COUNTRY.US, InvestorFlag.US_PERSON], ["dave", p.dave.address, COUNTRY.CH, 0],
    ["erin", p.erin.address, COUNTRY.FR, InvestorFlag.ACCREDITED], ["erin", p.erin2.address, COUNTRY.FR, 0], ["erin", erin3, COUNTRY.FR, 0],
  ];
  const registered = new Set<string>();
  for (const [name, wallet, country, flags] of wallets) {
    const id = investorId(rename[wallet] ?? name);
    if (registered.has(id)) await reg.addWallet(id, wallet);
    else await reg.registerInvestor(id, wallet, country, p.kycUntil, flags);
    registered.add(id);
  }
  return registry;
}

async function propertyFixture() {
  const p = await platformFixture();
  const { token, agentToken } = await issue(p);
  // erin has a third wallet for recoveries.
  const erin3 = p.spare[0]!;
  await p.registry.connect(p.kycAgent).addWallet(investorId("erin"), erin3.address);
  for (const who of [p.alice, p.bob, p.erin]) await agentToken.mint(who.address, 1000n * E18);
  // Replacements: the same investors under the same ids, and one where carol and dave swap ids and erin's third
  // wallet belongs to bob (accepted only while those wallets hold nothing).
  const mirror = await replacementRegistry(p, erin3.address, {});
  const shuffled = await replacementRegistry(p, erin3.address, { [p.carol.address]: "dave", [p.dave.address]: "carol", [erin3.address]: "bob" });
  return { ...p, token, agentToken, erin3, registries: [p.registry, mirror, shuffled] };
}

type Fixture = Awaited<ReturnType<typeof propertyFixture>>;

const wallet = fc.nat(7); // index into the wallet list (outsider included)
const permille = fc.oneof(fc.constant(0), fc.constant(1000), fc.constant(1001), fc.nat(1000));
const action = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("transfer" as const), from: wallet, to: wallet, permille }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("transferFrom" as const), spender: wallet, from: wallet, to: wallet, permille, allowancePermille: permille }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("mint" as const), to: wallet, amount: fc.bigInt({ min: 0n, max: 500n * E18 }), locked: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("burn" as const), from: wallet, permille }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("freeze" as const), who: wallet, permille, up: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("freezeAddress" as const), who: wallet, frozen: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("forced" as const), from: wallet, to: wallet, permille }) },
  // Investor-level burn (seize: false) or seizure to `to`: over all of the investor's wallets, or over a random set
  // (bit i of `mask` lists wallet i), which may miss a holding wallet or include someone else's.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("investorTake" as const), investor: fc.nat(4), allWallets: fc.boolean(), mask: fc.nat(255), permille, seize: fc.boolean(), to: wallet }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("recover" as const), from: fc.nat(2), to: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("status" as const), investor: fc.nat(4), status: fc.constantFrom(STATUS.ACTIVE, STATUS.LIQUIDATE_ONLY, STATUS.SUSPENDED) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("rules" as const), maxInvestors: fc.nat(5), maxBalance: fc.constantFrom(0n, 800n * E18, 1500n * E18, 3000n * E18), countryMode: fc.nat(2), accreditedOnly: fc.boolean(), paused: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("time" as const), days: fc.nat(60) }) },
  // Replace the token's registry: listing every holder or a random set of wallets (bit i of `mask`), sorted.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("registry" as const), target: fc.nat(2), allHolders: fc.boolean(), mask: fc.nat(255) }) },
);

function wallets(f: Fixture): HardhatEthersSigner[] {
  return [f.alice, f.bob, f.carol, f.dave, f.erin, f.erin2, f.erin3, f.outsider];
}

/** The custom error a transaction reverted with, as `Name(arg, ...)`. */
function revertedWith(token: Fixture["token"], error: unknown): string {
  const data = (error as { data?: string }).data;
  if (!data) throw error;
  const parsed = token.interface.parseError(data);
  if (!parsed) throw error;
  return `${parsed.name}(${[...parsed.args].map(String).join(", ")})`;
}

/** The view's code maps to exactly the error the transaction reverts with (with its arguments), or to success. */
async function sendExpectingCode(token: Fixture["token"], send: () => Promise<unknown>, code: bigint | number, context: RefusalContext) {
  let reverted: string | undefined;
  try {
    await (await (send() as Promise<{ wait(): Promise<unknown> }>)).wait();
  } catch (error) {
    reverted = revertedWith(token, error);
  }
  if (Number(code) === 0) {
    expect(reverted, "view said success but the transaction reverted").to.equal(undefined);
  } else {
    const [name, args] = refusalError(Number(code), context);
    expect(reverted, `the view said ${code}: the transaction and the view disagree`).to.equal(`${name}(${args.map(String).join(", ")})`);
  }
}

async function tryAgent(send: () => Promise<unknown>) {
  try {
    await (await (send() as Promise<{ wait(): Promise<unknown> }>)).wait();
  } catch {
    // Agent actions may legitimately refuse (insufficient balance, unverified recipient...); invariants still hold.
  }
}

type Registry = Fixture["registries"][number];

async function checkInvariants(f: Fixture, registry: Registry, verifiedBefore: Map<string, boolean>, balancesBefore: Map<string, bigint>) {
  const ws = wallets(f);
  let sum = 0n;
  const byInvestor = new Map<string, bigint>();
  for (const w of ws) {
    const balance = await f.token.balanceOf(w.address);
    const frozen = await f.token.getFrozenTokens(w.address);
    sum += balance;
    expect(frozen <= balance, `frozen ${frozen} > balance ${balance} of ${w.address}`).to.equal(true);
    if (balance > balancesBefore.get(w.address)!) {
      expect(verifiedBefore.get(w.address), `unverified wallet ${w.address} received tokens`).to.equal(true);
    }
    const [id] = await registry.party(w.address);
    if (id !== ethers.ZeroHash) byInvestor.set(id, (byInvestor.get(id) ?? 0n) + balance);
    else expect(balance).to.equal(0n);
  }
  expect(sum).to.equal(await f.token.totalSupply());
  let holding = 0n;
  for (const [id, total] of byInvestor) {
    expect(await f.token.investorBalance(id)).to.equal(total);
    if (total > 0n) holding++;
  }
  expect(await f.token.investorCount()).to.equal(holding);
}

describe("SecurityToken stateful properties", function () {
  this.timeout(600_000);

  it("keeps every invariant over random sequences of operations (A5, A7, B1)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        const f = await loadFixture(propertyFixture);
        // The registry the token reads: every registry operation and every check uses it.
        let registry: Registry = f.registry;
        const ws = wallets(f);
        const at = (i: number) => ws[i % ws.length]!;
        const amountOf = async (w: HardhatEthersSigner, pm: number) => ((await f.token.balanceOf(w.address)) * BigInt(pm)) / 1000n;
        for (const a of actions) {
          const verifiedBefore = new Map<string, boolean>();
          const balancesBefore = new Map<string, bigint>();
          for (const w of ws) {
            verifiedBefore.set(w.address, await registry.isVerified(w.address));
            balancesBefore.set(w.address, await f.token.balanceOf(w.address));
          }
          switch (a.kind) {
            case "transfer": {
              const from = at(a.from), to = at(a.to), amount = await amountOf(from, a.permille);
              const code = await f.token.detectTransferRestriction(from.address, to.address, amount);
              // ERC-7943: false exactly when a rule refuses; a balance shortfall alone is the ERC-20's refusal.
              expect(await f.token.canTransfer(from.address, to.address, amount)).to.equal(code === 0n || Number(code) === CODE.INSUFFICIENT_BALANCE);
              const context = await refusalContext(f.token, from.address, to.address, amount);
              await sendExpectingCode(f.token, () => f.token.connect(from).transfer(to.address, amount), code, context);
              break;
            }
            case "transferFrom": {
              const spender = at(a.spender), from = at(a.from), to = at(a.to);
              const amount = await amountOf(from, a.permille);
              await f.token.connect(from).approve(spender.address, await amountOf(from, a.allowancePermille));
              const code = await f.token.detectTransferRestrictionFrom(spender.address, from.address, to.address, amount);
              const context = await refusalContext(f.token, from.address, to.address, amount, spender.address);
              await sendExpectingCode(f.token, () => f.token.connect(spender).transferFrom(from.address, to.address, amount), code, context);
              break;
            }
            case "mint": {
              const to = at(a.to);
              const code = await f.token.detectMintRestriction(to.address, a.amount);
              const release = (await ethers.provider.getBlock("latest"))!.timestamp + 30 * DAY;
              const context = { from: ethers.ZeroAddress, to: to.address, value: a.amount, balance: 0n, frozen: 0n };
              await sendExpectingCode(f.token, () => (a.locked ? f.agentToken.mintLocked(to.address, a.amount, release) : f.agentToken.mint(to.address, a.amount)), code, context);
              break;
            }
            case "burn": {
              const from = at(a.from);
              await tryAgent(async () => f.agentToken.burn(from.address, await amountOf(from, a.permille)));
              break;
            }
            case "freeze": {
              const who = at(a.who);
              const amount = await amountOf(who, a.permille);
              await tryAgent(() => (a.up ? f.agentToken.freezePartialTokens(who.address, amount / 2n) : f.agentToken.setFrozenTokens(who.address, amount / 3n)));
              break;
            }
            case "freezeAddress":
              await f.agentToken.setAddressFrozen(at(a.who).address, a.frozen);
              break;
            case "forced": {
              const from = at(a.from), to = at(a.to);
              // Between two wallets of one investor, frozen tokens stay frozen (in total; lock-ups are checked in the
              // agents test, where no release time can fall between the two reads).
              const [fromId] = await registry.party(from.address);
              const sameInvestor = fromId !== ethers.ZeroHash && fromId === (await registry.party(to.address))[0];
              const frozen = async () => (await f.token.getFrozenTokens(from.address)) + (await f.token.getFrozenTokens(to.address));
              const before = await frozen();
              await tryAgent(async () => f.agentToken.forcedTransfer(from.address, to.address, await amountOf(from, a.permille)));
              if (sameInvestor) expect(await frozen(), "a forced move within one investor released frozen tokens").to.equal(before);
              break;
            }
            case "investorTake": {
              const id = investorId(INVESTORS[a.investor]!);
              const owned: boolean[] = [];
              for (const w of ws) owned.push((await registry.party(w.address))[0] === id);
              const listed = ws.filter((_, i) => (a.allWallets ? owned[i] : (a.mask >> i) & 1));
              const total = await f.token.investorBalance(id);
              const amount = (total * BigInt(a.permille)) / 1000n;
              const to = at(a.to);
              let listedBalance = 0n;
              for (const w of listed) listedBalance += await f.token.balanceOf(w.address);
              // The oracle: the call succeeds exactly when the list is the investor's whole position.
              let ok = total > 0n && listed.every((w) => owned[ws.indexOf(w)]) && listedBalance === total && amount <= total;
              if (a.seize) ok &&= !listed.includes(to) && (await registry.isVerified(to.address)) && !(await f.token.isFrozen(to.address));
              const supply = await f.token.totalSupply();
              const wallets = listed.map((w) => w.address);
              let succeeded = true;
              try {
                const tx = a.seize ? f.agentToken.forcedTransferInvestor(id, wallets, to.address, amount) : f.agentToken.burnInvestor(id, wallets, amount);
                await (await tx).wait();
              } catch {
                succeeded = false;
              }
              expect(succeeded, `investor-level ${a.seize ? "seizure" : "burn"} of ${amount} over ${listed.length} wallets`).to.equal(ok);
              const toSameInvestor = a.seize && owned[ws.indexOf(to)];
              const expectedTotal = succeeded && !toSameInvestor ? total - amount : total;
              expect(await f.token.investorBalance(id)).to.equal(expectedTotal);
              expect(await f.token.totalSupply()).to.equal(succeeded && !a.seize ? supply - amount : supply);
              break;
            }
            case "recover": {
              const erins = [f.erin, f.erin2, f.erin3];
              await tryAgent(() => f.agentToken.recoveryAddress(erins[a.from]!.address, erins[a.to]!.address, ethers.ZeroAddress));
              break;
            }
            case "status":
              await registry.connect(f.kycAgent).setInvestorStatus(investorId(INVESTORS[a.investor]!), a.status);
              break;
            case "registry": {
              const target = f.registries[a.target]!;
              const holding: string[] = [];
              for (const w of ws) if ((await f.token.balanceOf(w.address)) > 0n) holding.push(w.address);
              const listed = (a.allHolders ? holding : ws.filter((_, i) => (a.mask >> i) & 1).map((w) => w.address))
                .sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
              // The oracle: accepted exactly when the list covers every holder and no holder changes investor.
              let ok = holding.every((w) => listed.includes(w));
              for (const w of holding) ok &&= (await registry.party(w))[0] === (await target.party(w))[0];
              let succeeded = true;
              try {
                await (await f.token.replaceIdentityRegistry(await target.getAddress(), listed)).wait();
              } catch {
                succeeded = false;
              }
              expect(succeeded, `registry replacement listing ${listed.length} of ${holding.length} holders`).to.equal(ok);
              if (succeeded) registry = target;
              expect(await f.token.identityRegistry()).to.equal(await registry.getAddress());
              break;
            }
            case "rules":
              await f.agentToken.setMaxInvestors(a.maxInvestors);
              await f.agentToken.setMaxBalance(a.maxBalance);
              await f.agentToken.setCountryMode(a.countryMode);
              await f.agentToken.setCountriesListed([COUNTRY.FR, COUNTRY.US], true);
              await f.agentToken.setAccreditedOnly(a.accreditedOnly);
              if (a.paused !== (await f.token.paused())) await (a.paused ? f.agentToken.pause() : f.agentToken.unpause());
              break;
            case "time":
              await network.provider.send("evm_increaseTime", [a.days * DAY]);
              await network.provider.send("evm_mine", []);
              break;
          }
          await checkInvariants(f, registry, verifiedBefore, balancesBefore);
        }
      }),
      { numRuns: Number(process.env.FOLIO_PROPERTY_RUNS ?? 30), verbose: 1 },
    );
  });
});
