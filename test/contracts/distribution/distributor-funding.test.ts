import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { intrinsicGas } from "../../../lib/intrinsic-gas";
import { DAY, declareRound, distributionFixture, type DistributionFixture } from "./fixture";

describe("Distributor funding", () => {
  async function request(f: DistributionFixture, overrides: Record<string, unknown> = {}) {
    return {
      token: await f.token.getAddress(),
      cashToken: await f.cash.getAddress(),
      total: 1_000n,
      merkleRoot: ethers.id("root"),
      deadline: (await time.latest()) + 30 * DAY,
      recordBlock: (await ethers.provider.getBlockNumber()) - 1,
      paramsHash: ethers.id("params"),
      paramsUri: "ipfs://params",
      ...overrides,
    };
  }

  it("pulls the total, records the round and publishes its parameters hash and record block", async () => {
    const f = await loadFixture(distributionFixture);
    const r = await request(f);
    const before = await f.cash.balanceOf(f.agent.address);
    await expect(f.distributor.connect(f.agent).fundRound(r))
      .to.emit(f.distributor, "RoundFunded")
      .withArgs(1, r.token, r.cashToken, f.agent.address, r.total, r.merkleRoot, r.deadline, r.recordBlock, r.paramsHash, r.paramsUri);
    expect(await f.cash.balanceOf(f.agent.address)).to.equal(before - r.total);
    expect(await f.cash.balanceOf(await f.distributor.getAddress())).to.equal(r.total);
    const stored = await f.distributor.round(1);
    expect([stored.cashToken, stored.deadline, stored.merkleRoot, stored.remaining, stored.total, stored.token, stored.funder]).to.deep.equal([
      r.cashToken, BigInt(r.deadline), r.merkleRoot, r.total, r.total, r.token, f.agent.address,
    ]);
    expect(await f.distributor.roundCount()).to.equal(1n);
    expect(await f.distributor.identityRegistry()).to.equal(await f.registry.getAddress());
  });

  it("costs the same gas whatever the number of holders (the root is all it stores)", async () => {
    const f = await loadFixture(distributionFixture);
    await f.distributor.connect(f.agent).fundRound(await request(f)); // first round pays the counter's 0 -> 1
    const gas = [];
    for (const root of [ethers.id("10 holders"), ethers.id("10,000 holders")]) {
      const tx = await f.distributor.connect(f.agent).fundRound(await request(f, { merkleRoot: root }));
      // The root, deadline and record block change how many zero bytes the calldata holds: compare what runs.
      gas.push((await tx.wait())!.gasUsed - intrinsicGas(tx.data));
    }
    expect(gas[0]).to.equal(gas[1]);
  });

  describe("refuses a bad round with a clear error and moves nothing", () => {
    const cases: [string, (f: DistributionFixture) => Promise<[Record<string, unknown>, string, unknown[]?]>][] = [
      ["a caller who is neither agent nor owner of the token", async (f) => [{ as: f.outsider }, "DistributorUnauthorized", [f.outsider.address]]],
      ["a verified investor who is not an issuer", async (f) => [{ as: f.alice }, "DistributorUnauthorized", [f.alice.address]]],
      ["a zero cash token", async () => [{ cashToken: ethers.ZeroAddress }, "DistributorInvalidCashToken", [ethers.ZeroAddress]]],
      ["the security token as cash token", async (f) => [{ cashToken: await f.token.getAddress() }, "DistributorInvalidCashToken"]],
      ["a zero total", async () => [{ total: 0n }, "DistributorInvalidTotal", [0n]]],
      ["a total above 128 bits", async () => [{ total: 2n ** 128n }, "DistributorInvalidTotal", [2n ** 128n]]],
      ["a zero root", async () => [{ merkleRoot: ethers.ZeroHash }, "DistributorInvalidRoot"]],
      ["a deadline that is not in the future", async () => [{ deadline: await time.latest() }, "DistributorInvalidDeadline"]],
      ["a record block not yet mined", async () => [{ recordBlock: (await ethers.provider.getBlockNumber()) + 1 }, "DistributorInvalidRecordBlock"]],
    ];
    for (const [name, make] of cases) {
      it(name, async () => {
        const f = await loadFixture(distributionFixture);
        const [overrides, error, args] = await make(f);
        const { as, ...fields } = overrides as { as?: typeof f.agent };
        const before = await f.cash.balanceOf(f.agent.address);
        const call = f.distributor.connect(as ?? f.agent).fundRound(await request(f, fields));
        if (args) await expect(call).to.be.revertedWithCustomError(f.distributor, error).withArgs(...args);
        else await expect(call).to.be.revertedWithCustomError(f.distributor, error);
        expect(await f.distributor.roundCount()).to.equal(0n);
        expect(await f.cash.balanceOf(f.agent.address)).to.equal(before);
      });
    }

    it("a deadline equal to the funding block's time (claims would already be closed)", async () => {
      const f = await loadFixture(distributionFixture);
      const at = (await time.latest()) + 60;
      const r = await request(f, { deadline: at });
      await time.setNextBlockTimestamp(at);
      await expect(f.distributor.connect(f.agent).fundRound(r)).to.be.revertedWithCustomError(f.distributor, "DistributorInvalidDeadline").withArgs(at);
      expect(await f.distributor.roundCount()).to.equal(0n);
    });

    it("a token of another platform (another identity registry)", async () => {
      const f = await loadFixture(distributionFixture);
      const otherRegistry = await (await ethers.getContractFactory("IdentityRegistry")).deploy(f.issuer.address);
      const foreign = await (await ethers.getContractFactory("DistributionShareTokenMock")).deploy(await otherRegistry.getAddress(), f.issuer.address);
      await expect(f.distributor.fundRound(await request(f, { token: await foreign.getAddress() })))
        .to.be.revertedWithCustomError(f.distributor, "DistributorForeignToken")
        .withArgs(await foreign.getAddress());
      expect(await f.distributor.roundCount()).to.equal(0n);
    });

    it("a fee-on-transfer cash token (the distributor would hold less than it owes)", async () => {
      const f = await loadFixture(distributionFixture);
      const fee = await (await ethers.getContractFactory("FeeOnTransferCashTokenMock")).deploy();
      await fee.mint(f.issuer.address, 10_000n);
      await fee.approve(await f.distributor.getAddress(), 10_000n);
      await expect(f.distributor.fundRound(await request(f, { cashToken: await fee.getAddress() })))
        .to.be.revertedWithCustomError(f.distributor, "DistributorFundingShortfall")
        .withArgs(1_000n, 990n);
      expect(await f.distributor.roundCount()).to.equal(0n);
      expect(await fee.balanceOf(f.issuer.address)).to.equal(10_000n);
      expect(await fee.balanceOf(await f.distributor.getAddress())).to.equal(0n);
    });

    it("a funder without enough cash or allowance", async () => {
      const f = await loadFixture(distributionFixture);
      await expect(f.distributor.connect(f.issuer).fundRound(await request(f, { total: 10n ** 31n })))
        .to.be.revertedWithCustomError(f.cash, "ERC20InsufficientBalance");
      expect(await f.distributor.roundCount()).to.equal(0n);
    });
  });

  it("works end to end with a cash token that returns no bool (USDT-style)", async () => {
    const f = await loadFixture(distributionFixture);
    const usdt = await (await ethers.getContractFactory("NoReturnCashTokenMock")).deploy();
    await usdt.mint(f.issuer.address, 2_000_000n);
    await usdt.approve(await f.distributor.getAddress(), 2_000_000n);
    const round = await declareRound(f, { amount: 1_000_001n, cashToken: await usdt.getAddress() });
    expect(await usdt.balanceOf(await f.distributor.getAddress())).to.equal(1_000_001n);
    const a = round.claimOf("alice");
    await f.distributor.connect(f.alice).claim(round.roundId, a.index, a.investorId, a.amount, a.proof);
    expect(await usdt.balanceOf(f.alice.address)).to.equal(600_000n);
    await time.increaseTo(round.deadline + 1);
    await f.distributor.reclaim(round.roundId);
    expect(await usdt.balanceOf(f.issuer.address)).to.equal(2_000_000n - 600_000n);
    expect(await usdt.balanceOf(await f.distributor.getAddress())).to.equal(0n);
  });
});
