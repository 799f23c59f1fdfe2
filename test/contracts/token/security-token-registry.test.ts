import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { IdentityRegistry } from "../../../typechain-types";
import { CODE, COUNTRY, E18, InvestorFlag, fundedFixture, investorId, type Platform } from "./fixture";

/** Wallets in strictly increasing address order, as replaceIdentityRegistry wants them. */
function sorted(...wallets: string[]): string[] {
  return [...wallets].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

/** A second registry that knows the fixture's investors; `ids` renames the investor of some wallets. */
async function secondRegistry(p: Platform, ids: Record<string, string> = {}): Promise<IdentityRegistry> {
  const registry = await (await ethers.getContractFactory("IdentityRegistry")).deploy(p.owner.address);
  await registry.addAgent(p.kycAgent.address);
  const reg = registry.connect(p.kycAgent);
  const wallets: [string, string, number][] = [
    ["alice", p.alice.address, COUNTRY.FR], ["bob", p.bob.address, COUNTRY.DE], ["carol", p.carol.address, COUNTRY.US],
    ["dave", p.dave.address, COUNTRY.CH], ["erin", p.erin.address, COUNTRY.FR], ["erin", p.erin2.address, COUNTRY.FR],
  ];
  const registered = new Set<string>();
  for (const [name, wallet, country] of wallets) {
    const id = investorId(ids[wallet] ?? name);
    if (registered.has(id)) await reg.addWallet(id, wallet);
    else await reg.registerInvestor(id, wallet, country, p.kycUntil, InvestorFlag.ACCREDITED);
    registered.add(id);
  }
  return registry as unknown as IdentityRegistry;
}

describe("SecurityToken identity registry replacement", () => {
  it("refuses a registry that knows a holder under another investor id, which would corrupt the per-investor accounting", async () => {
    const f = await loadFixture(fundedFixture);
    // Under the old rule this registry was accepted; then alice's full exit reverted with an arithmetic panic while
    // detectTransferRestriction said 0, and per-investor caps were computed on the wrong totals.
    const renamed = await secondRegistry(f, { [f.alice.address]: "alice, renamed" });
    const holders = sorted(f.alice.address, f.bob.address, f.erin.address);
    await expect(f.token.replaceIdentityRegistry(await renamed.getAddress(), holders))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenRegistryChangesInvestor")
      .withArgs(f.alice.address, investorId("alice"), investorId("alice, renamed"));
    await expect(f.token.setIdentityRegistry(await renamed.getAddress()))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenIncompleteHolders")
      .withArgs(0n, 3000n * E18);
    expect(await f.token.identityRegistry()).to.equal(await f.registry.getAddress());

    // Nothing changed: a full exit works and the view agrees; the per-investor cap holds.
    expect(await f.token.detectTransferRestriction(f.alice.address, f.bob.address, 1000n * E18)).to.equal(CODE.SUCCESS);
    await f.token.connect(f.alice).transfer(f.bob.address, 1000n * E18);
    expect(await f.token.investorCount()).to.equal(2n);
    await f.agentToken.setMaxBalance(1500n * E18);
    expect(await f.token.detectTransferRestriction(f.bob.address, f.erin2.address, 600n * E18)).to.equal(CODE.MAX_BALANCE_EXCEEDED);
  });

  it("refuses a list that misses a holder, lists one twice or out of order, and a registry that is not a contract (A8, C5)", async () => {
    const f = await loadFixture(fundedFixture);
    const mirror = await secondRegistry(f);
    const at = await mirror.getAddress();
    await expect(f.token.replaceIdentityRegistry(at, sorted(f.alice.address, f.bob.address)))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenIncompleteHolders").withArgs(2000n * E18, 3000n * E18);
    const [first, second, third] = sorted(f.alice.address, f.bob.address, f.erin.address);
    await expect(f.token.replaceIdentityRegistry(at, [first!, first!, second!, third!]))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenUnsortedHolders").withArgs(first);
    await expect(f.token.replaceIdentityRegistry(at, [second!, first!, third!]))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenUnsortedHolders").withArgs(first);
    await expect(f.token.replaceIdentityRegistry(f.outsider.address, [first!, second!, third!]))
      .to.be.revertedWithCustomError(f.token, "SecurityTokenInvalidRegistry").withArgs(f.outsider.address);
    await expect(f.token.connect(f.tokenAgent).replaceIdentityRegistry(at, [first!, second!, third!]))
      .to.be.revertedWithCustomError(f.token, "OwnableUnauthorizedAccount");
    expect(await f.token.identityRegistry()).to.equal(await f.registry.getAddress());
  });

  it("replaces the registry while tokens are held when every holder keeps its investor, and the accounting stays exact", async () => {
    const f = await loadFixture(fundedFixture);
    // erin spreads over both wallets, so her total is kept explicitly; dave (no tokens) may change investor.
    await f.token.connect(f.erin).transfer(f.erin2.address, 400n * E18);
    const mirror = await secondRegistry(f, { [f.dave.address]: "dave, renamed" });
    const holders = sorted(f.alice.address, f.bob.address, f.erin.address, f.erin2.address, f.carol.address);
    await expect(f.token.replaceIdentityRegistry(await mirror.getAddress(), holders))
      .to.emit(f.token, "IdentityRegistryAdded").withArgs(await mirror.getAddress());
    expect(await f.token.identityRegistry()).to.equal(await mirror.getAddress());

    // The new registry decides from now on: a suspension there stops alice; the old one no longer counts.
    await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("bob"), 3);
    expect(await f.token.detectTransferRestriction(f.alice.address, f.bob.address, 1n)).to.equal(CODE.SUCCESS);
    await mirror.connect(f.kycAgent).setInvestorStatus(investorId("alice"), 3);
    expect(await f.token.detectTransferRestriction(f.alice.address, f.bob.address, 1n)).to.equal(CODE.SENDER_NOT_ELIGIBLE);
    await mirror.connect(f.kycAgent).setInvestorStatus(investorId("alice"), 1);

    // Full exits, caps and per-investor totals work as before.
    await f.token.connect(f.alice).transfer(f.bob.address, 1000n * E18);
    await f.token.connect(f.erin2).transfer(f.erin.address, 400n * E18);
    expect(await f.token.investorBalance(investorId("erin"))).to.equal(1000n * E18);
    expect(await f.token.investorCount()).to.equal(2n);
    await f.agentToken.setMaxBalance(1500n * E18);
    expect(await f.token.detectTransferRestriction(f.bob.address, f.erin2.address, 501n * E18)).to.equal(CODE.MAX_BALANCE_EXCEEDED);
    await f.agentToken.mint(f.dave.address, 10n);
    expect(await f.token.investorBalance(investorId("dave, renamed"))).to.equal(10n);
    expect(await f.token.investorCount()).to.equal(3n);
  });
});
