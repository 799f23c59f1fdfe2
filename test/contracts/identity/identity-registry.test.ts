import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { COUNTRY, DAY, InvestorFlag, STATUS, investorId, platformFixture } from "../token/fixture";

describe("IdentityRegistry", () => {
  describe("investors", () => {
    it("registers an investor with its first wallet, emits both events and verifies the wallet", async () => {
      const p = await loadFixture(platformFixture);
      const [wallet] = p.spare;
      const id = investorId("frank");
      await expect(p.registry.connect(p.kycAgent).registerInvestor(id, wallet!.address, COUNTRY.DE, p.kycUntil, InvestorFlag.QUALIFIED))
        .to.emit(p.registry, "InvestorRegistered").withArgs(id, COUNTRY.DE, p.kycUntil, InvestorFlag.QUALIFIED)
        .and.to.emit(p.registry, "WalletAdded").withArgs(id, wallet!.address);
      expect(await p.registry.isVerified(wallet!.address)).to.equal(true);
      expect(await p.registry.investorOf(wallet!.address)).to.equal(id);
      const record = await p.registry.investor(id);
      expect([record.country, record.kycValidUntil, record.flags, record.status, record.walletCount])
        .to.deep.equal([BigInt(COUNTRY.DE), BigInt(p.kycUntil), BigInt(InvestorFlag.QUALIFIED), BigInt(STATUS.ACTIVE), 1n]);
      const [ofWallet, rec] = await p.registry.investorOfWallet(wallet!.address);
      expect(ofWallet).to.equal(id);
      expect(rec.country).to.equal(BigInt(COUNTRY.DE));
    });

    it("refuses bad input with a clear error and changes nothing, including a KYC expiry beyond its 40-bit field (A12)", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      const [w] = p.spare;
      const id = investorId("frank");
      const now = await time.latest();
      await expect(reg.registerInvestor(ethers.ZeroHash, w!.address, 250, p.kycUntil, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidInvestorId");
      await expect(reg.registerInvestor(id, ethers.ZeroAddress, 250, p.kycUntil, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidWallet").withArgs(ethers.ZeroAddress);
      await expect(reg.registerInvestor(id, w!.address, 0, p.kycUntil, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidCountry").withArgs(0);
      await expect(reg.registerInvestor(id, w!.address, 1000, p.kycUntil, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidCountry").withArgs(1000);
      await expect(reg.registerInvestor(id, w!.address, 250, now, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidKycExpiry");
      await expect(reg.registerInvestor(id, w!.address, 250, 0, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidKycExpiry").withArgs(0);
      // A value that would silently truncate into the 40-bit field is refused, not wrapped (checklist A12).
      const huge = 2n ** 40n;
      await expect(reg.registerInvestor(id, w!.address, 250, huge, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidKycExpiry").withArgs(huge);
      await expect(reg.registerInvestor(id, w!.address, 250, p.kycUntil, 16)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidFlags").withArgs(16);
      await expect(reg.registerInvestor(investorId("alice"), w!.address, 250, p.kycUntil, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvestorExists");
      await expect(reg.registerInvestor(id, p.alice.address, 250, p.kycUntil, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryWalletLinked").withArgs(p.alice.address, investorId("alice"));
      expect((await p.registry.investor(id)).status).to.equal(0n);
      expect(await p.registry.investorOf(w!.address)).to.equal(ethers.ZeroHash);
    });

    it("refuses every agent write, single and batch, to anyone else (the owner included), changing nothing", async () => {
      const p = await loadFixture(platformFixture);
      const [w] = p.spare;
      const alice = investorId("alice");
      const before = await p.registry.investor(alice);
      for (const caller of [p.outsider, p.owner]) {
        const reg = p.registry.connect(caller);
        // Closures: each transaction is sent only when its expectation awaits it.
        const writes = [
          () => reg.registerInvestor(investorId("x"), w!.address, 250, p.kycUntil, 0),
          () => reg.batchRegisterInvestors([investorId("x")], [w!.address], [250], [p.kycUntil], [0]),
          () => reg.updateInvestor(alice, 276, p.kycUntil, 0),
          () => reg.batchUpdateInvestors([alice], [276], [p.kycUntil], [0]),
          () => reg.setInvestorStatus(alice, STATUS.SUSPENDED),
          () => reg.batchSetInvestorStatus([alice], [STATUS.SUSPENDED]),
          () => reg.removeInvestor(alice),
          () => reg.batchRemoveInvestors([alice]),
          () => reg.addWallet(alice, w!.address),
          () => reg.batchAddWallets([alice], [w!.address]),
          () => reg.removeWallet(p.alice.address),
          () => reg.batchRemoveWallets([p.alice.address]),
        ];
        for (const write of writes) await expect(write()).to.be.revertedWithCustomError(p.registry, "IdentityRegistryNotAgent").withArgs(caller.address);
      }
      expect(await p.registry.investor(alice)).to.deep.equal(before);
      expect(await p.registry.investorOf(w!.address)).to.equal(ethers.ZeroHash);
    });

    it("lets only KYC agents write, and only the owner manage agents, so no one else can make a wallet verified (A9)", async () => {
      const p = await loadFixture(platformFixture);
      const [w] = p.spare;
      await expect(p.registry.connect(p.outsider).registerInvestor(investorId("x"), w!.address, 250, p.kycUntil, 0))
        .to.be.revertedWithCustomError(p.registry, "IdentityRegistryNotAgent").withArgs(p.outsider.address);
      await expect(p.registry.connect(p.owner).setInvestorStatus(investorId("alice"), 3)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryNotAgent");
      await expect(p.registry.connect(p.kycAgent).addAgent(p.outsider.address)).to.be.revertedWithCustomError(p.registry, "OwnableUnauthorizedAccount");
      await expect(p.registry.addAgent(ethers.ZeroAddress)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidWallet");
      await expect(p.registry.addAgent(p.outsider.address)).to.emit(p.registry, "AgentAdded").withArgs(p.outsider.address);
      await expect(p.registry.addAgent(p.outsider.address)).not.to.emit(p.registry, "AgentAdded");
      expect(await p.registry.isAgent(p.outsider.address)).to.equal(true);
      await expect(p.registry.removeAgent(p.outsider.address)).to.emit(p.registry, "AgentRemoved").withArgs(p.outsider.address);
      await expect(p.registry.removeAgent(p.outsider.address)).not.to.emit(p.registry, "AgentRemoved");
      expect(await p.registry.isAgent(p.outsider.address)).to.equal(false);
    });

    it("updates country, KYC expiry and flags, keeping status and wallets", async () => {
      const p = await loadFixture(platformFixture);
      const id = investorId("alice");
      const until = p.kycUntil + DAY;
      await expect(p.registry.connect(p.kycAgent).updateInvestor(id, COUNTRY.CH, until, InvestorFlag.INSTITUTION))
        .to.emit(p.registry, "InvestorUpdated").withArgs(id, COUNTRY.CH, until, InvestorFlag.INSTITUTION);
      const r = await p.registry.investor(id);
      expect([r.country, r.kycValidUntil, r.flags, r.status, r.walletCount]).to.deep.equal([756n, BigInt(until), 8n, 1n, 1n]);
      await expect(p.registry.connect(p.kycAgent).updateInvestor(investorId("nobody"), 250, until, 0))
        .to.be.revertedWithCustomError(p.registry, "IdentityRegistryUnknownInvestor");
      await expect(p.registry.connect(p.kycAgent).updateInvestor(id, 0, until, 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidCountry");
    });

    it("verifies only active investors whose KYC has not expired", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      await expect(reg.setInvestorStatus(investorId("alice"), STATUS.LIQUIDATE_ONLY)).to.emit(p.registry, "InvestorStatusChanged").withArgs(investorId("alice"), 2);
      expect(await p.registry.isVerified(p.alice.address)).to.equal(false);
      await reg.setInvestorStatus(investorId("alice"), STATUS.SUSPENDED);
      expect(await p.registry.isVerified(p.alice.address)).to.equal(false);
      await reg.setInvestorStatus(investorId("alice"), STATUS.ACTIVE);
      expect(await p.registry.isVerified(p.alice.address)).to.equal(true);
      await expect(reg.setInvestorStatus(investorId("alice"), 0)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidStatus").withArgs(0);
      await expect(reg.setInvestorStatus(investorId("alice"), 4)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidStatus").withArgs(4);
      await time.increaseTo(p.kycUntil);
      expect(await p.registry.isVerified(p.alice.address)).to.equal(true); // valid up to and including the expiry
      await time.increase(1);
      expect(await p.registry.isVerified(p.alice.address)).to.equal(false);
      expect(await p.registry.isVerified(p.outsider.address)).to.equal(false);
    });

    it("removes an investor only once it has no wallet left", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      const id = investorId("erin");
      await expect(reg.removeInvestor(id)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvestorHasWallets").withArgs(id, 2);
      await reg.batchRemoveWallets([p.erin.address, p.erin2.address]);
      await expect(reg.removeInvestor(id)).to.emit(p.registry, "InvestorRemoved").withArgs(id);
      expect((await p.registry.investor(id)).status).to.equal(0n);
      await expect(reg.removeInvestor(id)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryUnknownInvestor");
    });
  });

  describe("wallets", () => {
    it("links several wallets to one investor and unlinks them", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      const [w1, w2] = p.spare;
      const id = investorId("bob");
      await expect(reg.addWallet(id, w1!.address)).to.emit(p.registry, "WalletAdded").withArgs(id, w1!.address);
      await reg.batchAddWallets([id], [w2!.address]);
      expect((await p.registry.investor(id)).walletCount).to.equal(3n);
      expect(await p.registry.isVerified(w2!.address)).to.equal(true);
      await expect(reg.removeWallet(w1!.address)).to.emit(p.registry, "WalletRemoved").withArgs(id, w1!.address);
      expect(await p.registry.isVerified(w1!.address)).to.equal(false);
      expect(await p.registry.investorOf(w1!.address)).to.equal(ethers.ZeroHash);
      expect((await p.registry.investor(id)).walletCount).to.equal(2n);
      await expect(reg.removeWallet(w1!.address)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryWalletNotLinked").withArgs(w1!.address);
      await expect(reg.addWallet(investorId("nobody"), w1!.address)).to.be.revertedWithCustomError(p.registry, "IdentityRegistryUnknownInvestor");
    });

    it("never attributes a wallet to a second investor, so balances of two investors cannot merge (B6)", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      await reg.removeWallet(p.alice.address);
      await expect(reg.addWallet(investorId("bob"), p.alice.address))
        .to.be.revertedWithCustomError(p.registry, "IdentityRegistryWalletBelongsToOther").withArgs(p.alice.address, investorId("alice"));
      // The unlinked wallet still reports whom it belonged to, but is not verified.
      const [id, record] = await p.registry.party(p.alice.address);
      expect(id).to.equal(investorId("alice"));
      expect(record & (1n << 104n)).to.equal(0n);
      await reg.addWallet(investorId("alice"), p.alice.address);
      expect(await p.registry.isVerified(p.alice.address)).to.equal(true);
      const [, linked] = await p.registry.party(p.alice.address);
      expect(linked & (1n << 104n)).to.not.equal(0n);
      const [, never] = await p.registry.party(p.outsider.address);
      expect(never).to.equal(0n);
    });

    it("answers both parties of a transfer in one call", async () => {
      const p = await loadFixture(platformFixture);
      const [fromId, fromRecord, toId, toRecord] = await p.registry.parties(p.alice.address, p.carol.address);
      expect(fromId).to.equal(investorId("alice"));
      expect(toId).to.equal(investorId("carol"));
      expect(fromRecord & 0xffffn).to.equal(BigInt(COUNTRY.FR));
      expect(toRecord & 0xffffn).to.equal(BigInt(COUNTRY.US));
    });
  });

  describe("batches", () => {
    it("registers, updates, sets statuses and removes in batches", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      const ids = [investorId("b1"), investorId("b2")];
      const wallets = [p.spare[0]!.address, p.spare[1]!.address];
      await reg.batchRegisterInvestors(ids, wallets, [250, 276], [p.kycUntil, p.kycUntil], [1, 2]);
      expect(await p.registry.isVerified(wallets[1]!)).to.equal(true);
      await reg.batchUpdateInvestors(ids, [756, 756], [p.kycUntil + 1, p.kycUntil + 1], [0, 0]);
      expect((await p.registry.investor(ids[0]!)).country).to.equal(756n);
      await reg.batchSetInvestorStatus(ids, [3, 2]);
      expect((await p.registry.investor(ids[1]!)).status).to.equal(2n);
      await reg.batchRemoveWallets(wallets);
      await reg.batchRemoveInvestors(ids);
      expect((await p.registry.investor(ids[0]!)).status).to.equal(0n);
    });

    it("rejects batches whose arrays differ in length, changing nothing (C6)", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      const ids = [investorId("b1"), investorId("b2")];
      const err = "IdentityRegistryLengthMismatch";
      await expect(reg.batchRegisterInvestors(ids, [p.spare[0]!.address], [250, 250], [p.kycUntil, p.kycUntil], [0, 0])).to.be.revertedWithCustomError(p.registry, err);
      await expect(reg.batchUpdateInvestors(ids, [250], [p.kycUntil, p.kycUntil], [0, 0])).to.be.revertedWithCustomError(p.registry, err);
      await expect(reg.batchSetInvestorStatus(ids, [1])).to.be.revertedWithCustomError(p.registry, err);
      await expect(reg.batchAddWallets(ids, [p.spare[0]!.address])).to.be.revertedWithCustomError(p.registry, err);
      expect((await p.registry.investor(ids[0]!)).status).to.equal(0n);
    });

    it("reverts a whole batch when one row is bad", async () => {
      const p = await loadFixture(platformFixture);
      const reg = p.registry.connect(p.kycAgent);
      const ids = [investorId("ok"), investorId("bad")];
      await expect(reg.batchRegisterInvestors(ids, [p.spare[0]!.address, p.spare[1]!.address], [250, 0], [p.kycUntil, p.kycUntil], [0, 0]))
        .to.be.revertedWithCustomError(p.registry, "IdentityRegistryInvalidCountry");
      expect(await p.registry.isVerified(p.spare[0]!.address)).to.equal(false);
    });
  });
});
