// The shared entitlement module (lib/distributions/entitlements.ts): exact figures, bad inputs, and the properties of
// section D2-D4 of the security checklist over random cap tables.
import { expect } from "chai";
import fc from "fast-check";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  buildEntitlementTree,
  computeEntitlements,
  entitlementClaims,
  EntitlementError,
  withholdingBps,
  type EntitlementInput,
  type EntitlementResult,
  type InvestorProfile,
} from "../../../lib/distributions/entitlements";
import { canonicalParamsJson, hashDistributionParams, parseDistributionParams, type DistributionParams } from "../../../lib/distributions/distribution-params";
import { replayToRecordBlock } from "../../../lib/distributions/record-date-history";

const id = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
const wallet = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(EntitlementError);
    expect((error as EntitlementError).code).to.equal(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe("entitlements (shared with the server)", () => {
  const investors = new Map<string, InvestorProfile>([
    [id(1), { country: 250, flags: 0 }],
    [id(2), { country: 840, flags: 4 }],
    [id(3), { country: 276, flags: 8 }],
  ]);
  const base: EntitlementInput = {
    amount: 1_000_000n,
    holdings: [
      { wallet: wallet(1), investorId: id(1), balance: 400n },
      { wallet: wallet(11), investorId: id(1), balance: 200n }, // second wallet of investor 1: aggregated
      { wallet: wallet(2), investorId: id(2), balance: 300n },
      { wallet: wallet(3), investorId: id(3), balance: 100n },
      { wallet: wallet(9), investorId: null, balance: 50n }, // unattributed
      { wallet: wallet(8), investorId: id(3), balance: 1_000n }, // treasury-like wallet, excluded below
    ],
    investors,
    withholding: { defaultBps: 1500, rules: [{ flags: 8, bps: 0 }, { country: 840, bps: 3000 }] },
    excludedWallets: [wallet(8).toUpperCase().replace("0X", "0x")],
  };

  it("aggregates wallets per investor, leaves excluded and unattributed balances out, withholds per rule, rounds down", () => {
    const r = computeEntitlements(base);
    expect(r.eligibleSupply).to.equal(1_000n);
    expect(r.excludedBalance).to.equal(1_000n);
    expect(r.unattributedBalance).to.equal(50n);
    expect(r.entitlements.map((e) => [e.investorId, e.balance, e.bps, e.gross, e.withheld, e.net, e.index])).to.deep.equal([
      [id(1), 600n, 1500, 600_000n, 90_000n, 510_000n, 0],
      [id(2), 300n, 3000, 300_000n, 90_000n, 210_000n, 1],
      [id(3), 100n, 0, 100_000n, 0n, 100_000n, 2],
    ]);
    expect(r.fundingTotal).to.equal(820_000n);
    expect(r.dust).to.equal(0n);
  });

  it("takes the first matching withholding rule, country and flags both required when both are named", () => {
    const rules = { defaultBps: 100, rules: [{ country: 840, flags: 4, bps: 3000 }, { flags: 4, bps: 2000 }, { country: 840, bps: 1000 }] };
    expect(withholdingBps(rules, { country: 840, flags: 5 })).to.equal(3000);
    expect(withholdingBps(rules, { country: 250, flags: 4 })).to.equal(2000);
    expect(withholdingBps(rules, { country: 840, flags: 0 })).to.equal(1000);
    expect(withholdingBps(rules, { country: 250, flags: 0 })).to.equal(100);
  });

  it("builds the same root as the contract's leaf encoding, whatever the order of the holdings", () => {
    const root1 = buildEntitlementTree(computeEntitlements(base).entitlements).root;
    const root2 = buildEntitlementTree(computeEntitlements({ ...base, holdings: [...base.holdings].reverse() }).entitlements).root;
    expect(root1).to.equal(root2);
    const claims = entitlementClaims(buildEntitlementTree(computeEntitlements(base).entitlements));
    for (const c of claims) {
      expect(StandardMerkleTree.verify(root1, ["uint256", "bytes32", "uint256"], [c.index, c.investorId, c.amount], c.proof)).to.equal(true);
    }
  });

  describe("D3 refuses what cannot be distributed", () => {
    it("an empty eligible supply: nothing held, or everything excluded, or only unattributed wallets", () => {
      expectCode(() => computeEntitlements({ ...base, holdings: [] }), "DISTRIBUTION_EMPTY_SUPPLY");
      expectCode(() => computeEntitlements({ ...base, excludedInvestors: [id(1), id(2), id(3)] }), "DISTRIBUTION_EMPTY_SUPPLY");
      expectCode(() => computeEntitlements({ ...base, holdings: [{ wallet: wallet(9), investorId: null, balance: 5n }] }), "DISTRIBUTION_EMPTY_SUPPLY");
    });
    it("a tree where every entitlement rounds to zero", () => {
      const r = computeEntitlements({ ...base, amount: 1n, excludedWallets: [] });
      expectCode(() => buildEntitlementTree(r.entitlements), "DISTRIBUTION_EMPTY_SUPPLY");
    });
    it("a zero or negative amount, bad rates, malformed holdings, an investor without a registry record", () => {
      expectCode(() => computeEntitlements({ ...base, amount: 0n }), "DISTRIBUTION_INVALID_AMOUNT");
      expectCode(() => computeEntitlements({ ...base, amount: -5n }), "DISTRIBUTION_INVALID_AMOUNT");
      expectCode(() => computeEntitlements({ ...base, withholding: { defaultBps: 10_001, rules: [] } }), "DISTRIBUTION_INVALID_WITHHOLDING");
      expectCode(() => computeEntitlements({ ...base, withholding: { defaultBps: 0, rules: [{ bps: 1.5 }] } }), "DISTRIBUTION_INVALID_WITHHOLDING");
      expectCode(() => computeEntitlements({ ...base, withholding: { defaultBps: 0, rules: [{ bps: 1, country: 70_000 }] } }), "DISTRIBUTION_INVALID_WITHHOLDING");
      expectCode(() => computeEntitlements({ ...base, holdings: [{ wallet: "0x12", investorId: id(1), balance: 1n }] }), "DISTRIBUTION_INVALID_HOLDING");
      expectCode(() => computeEntitlements({ ...base, holdings: [{ wallet: wallet(1), investorId: id(1), balance: -1n }] }), "DISTRIBUTION_INVALID_HOLDING");
      expectCode(() => computeEntitlements({ ...base, investors: new Map() }), "DISTRIBUTION_UNKNOWN_INVESTOR");
    });
    it("withholds everything at 10,000 bps without dividing by zero, and leaves no leaf", () => {
      const r = computeEntitlements({ ...base, excludedWallets: [], withholding: { defaultBps: 10_000, rules: [] } });
      expect(r.netTotal).to.equal(0n);
      expect(r.withheldTotal).to.equal(r.grossTotal);
      expect(r.entitlements.every((e) => e.index === null)).to.equal(true);
    });
  });

  it("D2/D4: over random cap tables, rates and amounts, never hands out more than funded and keeps dust below one unit per investor", () => {
    const holding = fc.record({
      investor: fc.integer({ min: 1, max: 40 }),
      wallet: fc.integer({ min: 1, max: 80 }),
      balance: fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: 10n ** 24n })),
    });
    fc.assert(
      fc.property(
        fc.array(holding, { minLength: 1, maxLength: 60 }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.record({ bps: fc.integer({ min: 0, max: 10_000 }), country: fc.option(fc.constantFrom(250, 276, 840), { nil: undefined }), flags: fc.option(fc.constantFrom(1, 4, 8), { nil: undefined }) }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 5 }),
        (rows, amount, defaultBps, rules, excluded) => {
          // A wallet belongs to one investor: the first row naming it decides.
          const owner = new Map<number, number>();
          for (const r of rows) if (!owner.has(r.wallet)) owner.set(r.wallet, r.investor);
          const holdings = rows.map((r) => ({ wallet: wallet(r.wallet), investorId: id(owner.get(r.wallet)!), balance: r.balance }));
          const profiles = new Map<string, InvestorProfile>();
          for (let i = 1; i <= 40; i++) profiles.set(id(i), { country: [250, 276, 840][i % 3]!, flags: i % 16 });
          const input = { amount, holdings, investors: profiles, withholding: { defaultBps, rules }, excludedWallets: excluded.map(wallet) };
          let r: EntitlementResult;
          try {
            r = computeEntitlements(input);
          } catch (error) {
            expect((error as EntitlementError).code).to.equal("DISTRIBUTION_EMPTY_SUPPLY");
            return;
          }
          const sum = (f: (e: (typeof r.entitlements)[number]) => bigint) => r.entitlements.reduce((a, e) => a + f(e), 0n);
          expect(sum((e) => e.net)).to.equal(r.netTotal);
          expect(r.netTotal).to.be.lte(r.fundingTotal);
          expect(r.fundingTotal).to.be.lte(amount);
          expect(r.grossTotal).to.be.lte(amount);
          expect(r.dust).to.be.gte(0n);
          expect(r.dust).to.be.lt(BigInt(r.entitlements.length));
          expect(r.fundingTotal + r.withheldTotal).to.equal(amount);
          expect(sum((e) => e.balance) + r.excludedBalance + r.unattributedBalance).to.equal(holdings.reduce((a, h) => a + h.balance, 0n));
          for (const e of r.entitlements) {
            expect(e.net + e.withheld).to.equal(e.gross);
            expect(e.net * 10_000n).to.be.lte(e.gross * BigInt(10_000 - e.bps)); // rounded against the claimant
            expect(e.gross * r.eligibleSupply).to.be.lte(amount * e.balance);
          }
        },
      ),
      { numRuns: 300, seed: 6 },
    );
  });

  describe("parameters file", () => {
    const params: DistributionParams = {
      version: 1,
      chainId: 31337,
      token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      cashToken: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      recordBlock: 42,
      amount: 1_000_000n,
      withholding: { defaultBps: 1500, rules: [{ country: 840, bps: 3000 }] },
      excludedWallets: [wallet(8), wallet(7), wallet(8)],
      excludedInvestors: [],
    };
    it("hashes one canonical spelling: case, key order and duplicates do not change the hash, rule order does", () => {
      const reparsed = parseDistributionParams(JSON.stringify({ ...JSON.parse(canonicalParamsJson(params)), token: params.token.toUpperCase().replace("0X", "0x") }));
      expect(hashDistributionParams(reparsed)).to.equal(hashDistributionParams(params));
      const swapped = { ...params, withholding: { defaultBps: 1500, rules: [{ bps: 3000, country: 840 }, { bps: 0, flags: 8 }] } };
      const other = { ...params, withholding: { defaultBps: 1500, rules: [{ bps: 0, flags: 8 }, { bps: 3000, country: 840 }] } };
      expect(hashDistributionParams(swapped)).to.not.equal(hashDistributionParams(other));
    });
    it("refuses a malformed file with a clear error", () => {
      for (const bad of ["not json", "{}", JSON.stringify({ ...JSON.parse(canonicalParamsJson(params)), amount: "-1" }), JSON.stringify({ ...JSON.parse(canonicalParamsJson(params)), token: "0x12" })]) {
        expectCode(() => parseDistributionParams(bad), "DISTRIBUTION_INVALID_PARAMS");
      }
    });
  });

  describe("record-date replay", () => {
    const at = (blockNumber: number, logIndex = 0) => ({ blockNumber: BigInt(blockNumber), logIndex });
    it("takes balances and wallet links at the end of the record block, whatever order the logs come in", () => {
      const state = replayToRecordBlock(
        [
          { ...at(5, 1), kind: "Transfer", from: wallet(1), to: wallet(2), value: 40n },
          { ...at(1), kind: "InvestorRegistered", investorId: id(1), country: 250, flags: 0 },
          { ...at(1, 1), kind: "WalletAdded", investorId: id(1), wallet: wallet(1) },
          { ...at(2), kind: "Transfer", from: `0x${"0".repeat(40)}`, to: wallet(1), value: 100n },
          { ...at(5), kind: "WalletRemoved", investorId: id(1), wallet: wallet(1) },
          { ...at(6), kind: "Transfer", from: wallet(1), to: wallet(2), value: 60n }, // after the record block
        ],
        5n,
      );
      expect(state.holdings).to.deep.equal([
        { wallet: wallet(1), investorId: null, balance: 60n },
        { wallet: wallet(2), investorId: null, balance: 40n },
      ]);
      expect(state.investors.get(id(1))).to.deep.equal({ country: 250, flags: 0 });
    });
  });
});
