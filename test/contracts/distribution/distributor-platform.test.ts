// The Distributor as deployed by scripts/lib/deploy-platform.ts, with the real IdentityRegistry, SecurityToken
// (issued through the TokenFactory) and CashToken: a round end to end, wallet recovery, and transfer gas.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import { deployPlatform } from "../../../scripts/lib/deploy-platform";
import { hashDistributionParams, type DistributionParams } from "../../../lib/distributions/distribution-params";
import { readHistory, verifyDistribution } from "../../../lib/distributions/distribution-verifier";
import { buildEntitlementTree, computeEntitlements, entitlementClaims } from "../../../lib/distributions/entitlements";
import { replayToRecordBlock } from "../../../lib/distributions/record-date-history";
import type { CashToken, Distributor, IdentityRegistry, SecurityToken } from "../../../typechain-types";
import { DAY, investorId } from "./fixture";

const E18 = 10n ** 18n;

async function platformFixture() {
  const transport = custom(hre.network.provider);
  const publicClient = createPublicClient({ transport }) as PublicClient;
  const [owner, alice, bob, aliceNew] = await ethers.getSigners();
  const deployment = await deployPlatform({
    publicClient,
    walletClient: createWalletClient({ account: owner!.address as Address, transport }),
    local: true,
  });
  const at = async <T>(name: string, address: string) => (await ethers.getContractAt(name, address)) as unknown as T;
  const registry = await at<IdentityRegistry>("IdentityRegistry", deployment.contracts.IdentityRegistry!.address);
  const token = await at<SecurityToken>("SecurityToken", deployment.tokens[0]!);
  const cash = await at<CashToken>("CashToken", deployment.contracts.CashToken!.address);
  const distributor = await at<Distributor>("Distributor", deployment.contracts.Distributor!.address);
  const kycUntil = (await time.latest()) + 3650 * DAY;
  await registry.registerInvestor(investorId("p-alice"), alice!.address, 250, kycUntil, 0);
  await registry.registerInvestor(investorId("p-bob"), bob!.address, 840, kycUntil, 4);
  await token.transfer(alice!.address, 750n * E18);
  await token.transfer(bob!.address, 250n * E18);
  return { publicClient, owner: owner!, alice: alice!, bob: bob!, aliceNew: aliceNew!, registry, token, cash, distributor, kycUntil };
}

describe("Distributor on the deployed platform", () => {
  it("is deployed by deployPlatform, bound to the platform's identity registry", async () => {
    const f = await loadFixture(platformFixture);
    expect(ethers.getAddress(await f.distributor.identityRegistry())).to.equal(ethers.getAddress(await f.registry.getAddress()));
  });

  it("runs a round on the real security token: fund, same transfer gas, recover a wallet, claim, verify from chain data", async () => {
    const f = await loadFixture(platformFixture);
    const transferBefore = (await (await f.token.connect(f.alice).transfer(f.bob.address, E18)).wait())!.gasUsed;
    await f.token.connect(f.bob).transfer(f.alice.address, E18);
    const recordBlock = await ethers.provider.getBlockNumber();
    const tokenAddress = (await f.token.getAddress()) as Address;
    const history = await readHistory(f.publicClient, tokenAddress, (await f.registry.getAddress()) as Address, 0n, BigInt(recordBlock));
    const state = replayToRecordBlock(history, BigInt(recordBlock));
    const params: DistributionParams = {
      version: 1,
      chainId: 31337,
      token: tokenAddress,
      cashToken: await f.cash.getAddress(),
      recordBlock,
      amount: 1_000n * 10n ** 6n,
      withholding: { defaultBps: 0, rules: [{ country: 840, bps: 3000 }] },
      excludedWallets: [f.owner.address], // the issuer's treasury
      excludedInvestors: [],
    };
    const result = computeEntitlements({ ...params, holdings: state.holdings, investors: state.investors });
    const tree = buildEntitlementTree(result.entitlements);
    await f.cash.approve(await f.distributor.getAddress(), result.fundingTotal);
    await f.distributor.fundRound({
      token: tokenAddress,
      cashToken: params.cashToken,
      total: result.fundingTotal,
      merkleRoot: tree.root,
      deadline: (await time.latest()) + 30 * DAY,
      recordBlock,
      paramsHash: hashDistributionParams(params),
      paramsUri: "ipfs://params",
    });

    // A round exists: the same share transfer as before the round (same balances touched) costs exactly the same.
    const transferAfter = (await (await f.token.connect(f.alice).transfer(f.bob.address, E18)).wait())!.gasUsed;
    expect(transferAfter).to.equal(transferBefore);
    await f.token.connect(f.bob).transfer(f.alice.address, E18);

    // Alice loses her wallet: the agent links a new one and recovers the shares; the income follows.
    await f.registry.addWallet(investorId("p-alice"), f.aliceNew.address);
    await f.token.recoveryAddress(f.alice.address, f.aliceNew.address, ethers.ZeroAddress);
    const claims = entitlementClaims(tree);
    const a = claims.find((c) => c.investorId === investorId("p-alice"))!;
    const b = claims.find((c) => c.investorId === investorId("p-bob"))!;
    expect(a.amount).to.equal(750n * 10n ** 6n);
    expect(b.amount).to.equal(175n * 10n ** 6n); // 250 less 30 % withheld
    await f.distributor.connect(f.aliceNew).claim(1, a.index, a.investorId, a.amount, a.proof);
    await f.distributor.connect(f.bob).claim(1, b.index, b.investorId, b.amount, b.proof);
    expect(await f.cash.balanceOf(f.aliceNew.address)).to.equal(a.amount);
    expect(await f.cash.balanceOf(f.bob.address)).to.equal(b.amount);

    const report = await verifyDistribution({ publicClient: f.publicClient, distributor: (await f.distributor.getAddress()) as Address, roundId: 1n, params });
    expect(report.problems).to.deep.equal([]);

  });
});
